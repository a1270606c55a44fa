package io.switchboard.amqp;

/** The two kinds of destination of the broker's single namespace. */
public enum AddressKind {
    /** Multicast, MQTT topic syntax. */
    TOPIC,
    /** Anycast, competing consumers: a named queue. */
    QUEUE
}
