package io.switchboard.router.api;

/** What became of a publish, for the adapter's acknowledgement (MQTT 5 PUBACK/PUBREC reason codes). */
public enum PublishOutcome {
    /** Delivered to at least one subscription or queue (MQTT 0x00). */
    ROUTED,
    /** Accepted, but no subscription matched (MQTT 5 0x10). */
    NO_MATCHING_SUBSCRIBERS,
    /** Refused: a broker limit was reached (MQTT 5 0x97). */
    QUOTA_EXCEEDED,
    /** Refused: the topic name is not valid (MQTT 5 0x90). */
    TOPIC_NAME_INVALID,
    /** Routed, but the store could not make it durable: the publisher must not count on it (MQTT 5 0x80). */
    NOT_STORED
}
