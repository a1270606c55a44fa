package io.switchboard.router.api;

/** Topic name rules shared by every adapter. */
public final class Topics {
    /** Longest topic or filter in UTF-8 bytes [MQTT-1.5.4-*]. */
    public static final int MAX_LENGTH_BYTES = 65_535;

    private Topics() {
    }

    /**
     * True when {@code topic} is a valid topic name to publish to: non-empty [MQTT-4.7.3-1], no wildcard
     * characters [MQTT-3.3.2-2], no NUL [MQTT-1.5.4-2], at most 65535 UTF-8 bytes. Levels may be empty.
     */
    public static boolean isValidTopicName(String topic) {
        throw new UnsupportedOperationException("TODO topic helper");
    }

    /**
     * True when a filter's pattern matches a topic name: {@code +} one level, {@code #} this level and all
     * below (including the parent: {@code a/#} matches {@code a}), and topics starting with {@code $} are
     * not matched by a filter starting with a wildcard [MQTT-4.7.2-1]. Reference implementation for tests and
     * for one-off checks; the router's hot path uses {@code TopicTree}.
     */
    public static boolean matches(String filter, String topic) {
        throw new UnsupportedOperationException("TODO topic helper");
    }
}
