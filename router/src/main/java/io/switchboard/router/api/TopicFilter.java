package io.switchboard.router.api;

/**
 * A validated subscription filter, possibly shared ({@code $share/{group}/{filter}}).
 *
 * @param raw        the filter exactly as the client sent it (the subscription's identity in its session)
 * @param shareGroup the share group name, or null for a non-shared subscription
 * @param filter     the topic filter to match (without the {@code $share/{group}/} prefix)
 */
public record TopicFilter(String raw, String shareGroup, String filter) {

    /**
     * Parses and validates a filter [MQTT-4.7.1-1..3], [MQTT-4.8.2-1..2]: non-empty, at most 65535 UTF-8 bytes,
     * no NUL, {@code #} only as the whole last level, {@code +} only as a whole level, a share group name that
     * is non-empty and contains no wildcard, followed by a non-empty filter.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static TopicFilter parse(String raw) {
        throw new UnsupportedOperationException("TODO topic helper");
    }

    public boolean isShared() {
        return shareGroup != null;
    }

    /** True when the filter contains {@code +} or {@code #}. */
    public boolean hasWildcard() {
        return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
    }
}
