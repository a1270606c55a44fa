package io.switchboard.broker.config;

/**
 * Where a config key was set: {@code key} points at the key itself (for unknown keys), {@code value} at its
 * value (for bad values). Both are prefixes of an error message, e.g. {@code conf/switchboard.yaml:12:3}
 * or {@code --set mqtt.port=x}.
 */
record Origin(String key, String value) {
    static Origin of(String where) {
        return new Origin(where, where);
    }
}
