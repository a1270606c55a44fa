package io.switchboard.router.api;

/**
 * A validated subscription filter, possibly shared ({@code $share/{group}/{filter}}).
 *
 * @param raw        the filter exactly as the client sent it (the subscription's identity in its session)
 * @param shareGroup the share group name, or null for a non-shared subscription
 * @param filter     the topic filter to match (without the {@code $share/{group}/} prefix)
 */
public record TopicFilter(String raw, String shareGroup, String filter) {
    private static final String SHARE_PREFIX = "$share/";

    /**
     * Parses and validates a filter [MQTT-4.7.1-1..3], [MQTT-4.8.2-1..2]: non-empty, at most 65535 UTF-8 bytes,
     * no NUL, {@code #} only as the whole last level, {@code +} only as a whole level, a share group name that
     * is non-empty and contains no wildcard, followed by a non-empty filter.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static TopicFilter parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new IllegalArgumentException("topic filter is empty [MQTT-4.7.3-1]");
        }
        String problem = Topics.encodingProblem(raw);
        if (problem != null) {
            throw new IllegalArgumentException("topic filter " + problem);
        }
        if (!raw.startsWith(SHARE_PREFIX)) {
            checkWildcards(raw);
            return new TopicFilter(raw, null, raw);
        }
        int slash = raw.indexOf('/', SHARE_PREFIX.length());
        if (slash < 0) {
            throw new IllegalArgumentException("shared subscription has no topic filter after its share name"
                    + " [MQTT-4.8.2-2]");
        }
        String group = raw.substring(SHARE_PREFIX.length(), slash);
        if (group.isEmpty()) {
            throw new IllegalArgumentException("shared subscription has an empty share name [MQTT-4.8.2-1]");
        }
        if (group.indexOf('+') >= 0 || group.indexOf('#') >= 0) {
            throw new IllegalArgumentException("share name contains a wildcard [MQTT-4.8.2-2]");
        }
        String filter = raw.substring(slash + 1);
        if (filter.isEmpty()) {
            throw new IllegalArgumentException("shared subscription has an empty topic filter [MQTT-4.8.2-2]");
        }
        checkWildcards(filter);
        return new TopicFilter(raw, group, filter);
    }

    private static void checkWildcards(String filter) {
        int last = filter.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = filter.charAt(i);
            if (c != '+' && c != '#') {
                continue;
            }
            boolean wholeLevel = (i == 0 || filter.charAt(i - 1) == '/') && (i == last || filter.charAt(i + 1) == '/');
            if (!wholeLevel) {
                throw new IllegalArgumentException("'" + c + "' must occupy a whole level of the topic filter at index "
                        + i + (c == '#' ? " [MQTT-4.7.1-2]" : " [MQTT-4.7.1-3]"));
            }
            if (c == '#' && i != last) {
                throw new IllegalArgumentException("'#' must be the last level of the topic filter [MQTT-4.7.1-2]");
            }
        }
    }

    public boolean isShared() {
        return shareGroup != null;
    }

    /** True when the filter contains {@code +} or {@code #}. */
    public boolean hasWildcard() {
        return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
    }
}
