package io.switchboard.router.api;

/** What a full per-session outbound queue does with one more message. Every drop is counted and logged. */
public enum OverflowPolicy {
    /** Discard the oldest queued message to make room. */
    DROP_OLDEST,
    /** Discard the new message. */
    DROP_NEW,
    /** Disconnect the client (MQTT 5 reason 0x97 quota exceeded); queued messages of a persistent session stay. */
    DISCONNECT,
    /**
     * Hold the publisher instead of dropping: a QoS 1/2 message whose publisher waits for its acknowledgement
     * is queued over the limit while the client is connected, and the acknowledgement (PUBACK, PUBREC, AMQP
     * disposition) waits until the queue is back within its limits, so the publisher's in-flight window stops
     * it and no acknowledged message is dropped for a slow subscriber. Anything else (QoS 0, offline sessions,
     * messages nobody waits for) falls back to dropping the oldest queued message, counted and logged.
     */
    BACKPRESSURE
}
