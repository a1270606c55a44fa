package io.switchboard.router.api;

/** MQTT 5 payload format indicator; AMQP maps a string body to UTF8. */
public enum PayloadFormat {
    /** The publisher said nothing. */
    UNSPECIFIED,
    /** Explicitly unspecified bytes (indicator 0). */
    BYTES,
    /** UTF-8 encoded character data (indicator 1). */
    UTF8
}
