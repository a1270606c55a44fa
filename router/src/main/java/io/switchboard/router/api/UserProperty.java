package io.switchboard.router.api;

import java.util.Objects;

/** One user property (MQTT 5) or application property (AMQP). Order and duplicates are preserved. */
public record UserProperty(String name, String value) {
    public UserProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
