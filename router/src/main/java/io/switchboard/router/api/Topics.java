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
        if (topic == null || topic.isEmpty()) {
            return false;
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#') {
                return false;
            }
        }
        return encodingProblem(topic) == null;
    }

    /**
     * True when a filter's pattern matches a topic name: {@code +} one level, {@code #} this level and all
     * below (including the parent: {@code a/#} matches {@code a}), and topics starting with {@code $} are
     * not matched by a filter starting with a wildcard [MQTT-4.7.2-1]. Reference implementation for tests and
     * for one-off checks; the router's hot path uses {@code TopicTree}.
     */
    public static boolean matches(String filter, String topic) {
        int filterLength = filter.length();
        int topicLength = topic.length();
        if (topicLength > 0 && topic.charAt(0) == '$' && filterLength > 0
                && (filter.charAt(0) == '+' || filter.charAt(0) == '#')) {
            return false;
        }
        int f = 0;
        int t = 0;
        while (f <= filterLength) {
            int filterEnd = levelEnd(filter, f);
            int levelLength = filterEnd - f;
            if (levelLength == 1 && filter.charAt(f) == '#') {
                return true;
            }
            if (t > topicLength) {
                return false;
            }
            int topicEnd = levelEnd(topic, t);
            boolean anyLevel = levelLength == 1 && filter.charAt(f) == '+';
            if (!anyLevel && (levelLength != topicEnd - t || !filter.regionMatches(f, topic, t, levelLength))) {
                return false;
            }
            f = filterEnd + 1;
            t = topicEnd + 1;
        }
        return t > topicLength;
    }

    /** Index of the '/' ending the level that starts at {@code start}, or the string's length for the last one. */
    private static int levelEnd(String s, int start) {
        int slash = s.indexOf('/', start);
        return slash < 0 ? s.length() : slash;
    }

    /**
     * What makes {@code s} unfit as an MQTT UTF-8 string, or null: a NUL character [MQTT-1.5.4-2], an unpaired
     * surrogate (it has no UTF-8 encoding [MQTT-1.5.4-1]), or more than {@link #MAX_LENGTH_BYTES} bytes.
     */
    static String encodingProblem(String s) {
        int bytes = 0;
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c == '\0') {
                return "contains the NUL character U+0000";
            }
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired surrogate at index " + i;
            } else {
                bytes += 3;
            }
            if (bytes > MAX_LENGTH_BYTES) {
                return "is longer than " + MAX_LENGTH_BYTES + " UTF-8 bytes";
            }
        }
        return null;
    }
}
