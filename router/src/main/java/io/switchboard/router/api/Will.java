package io.switchboard.router.api;

import java.util.Objects;

/**
 * A will message and its delay. It is published when the connection ends without a normal disconnect, at
 * the earlier of the delay and the end of the session [MQTT-3.1.3-9], [MQTT-3.1.2-8].
 */
public record Will(Message message, long delaySeconds) {
    public Will {
        Objects.requireNonNull(message, "message");
        if (delaySeconds < 0) {
            throw new IllegalArgumentException("will delay " + delaySeconds);
        }
    }
}
