package io.switchboard.router.api;

/** The protocol a message entered the broker with. */
public enum Protocol {
    MQTT,
    AMQP,
    /** Published by the broker itself ($SYS, wills are MQTT). */
    INTERNAL
}
