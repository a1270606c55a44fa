package io.switchboard.router.api;

import java.util.Objects;

/**
 * A will message, its delay and its relative expiry. It is published when the connection ends without a normal
 * disconnect, at the earlier of the delay and the end of the session [MQTT-3.1.3-9], [MQTT-3.1.2-8].
 *
 * @param message              the will message (its own absolute expiry is ignored)
 * @param delaySeconds         the will delay interval
 * @param messageExpirySeconds the will's Message Expiry Interval, counted from the moment it is published, or
 *                             -1 when it never expires
 */
public record Will(Message message, long delaySeconds, long messageExpirySeconds) {
    public Will {
        Objects.requireNonNull(message, "message");
        if (delaySeconds < 0) {
            throw new IllegalArgumentException("will delay " + delaySeconds);
        }
        if (messageExpirySeconds < -1) {
            throw new IllegalArgumentException("will message expiry " + messageExpirySeconds);
        }
    }

    /** A will whose message never expires. */
    public Will(Message message, long delaySeconds) {
        this(message, delaySeconds, -1);
    }

    /** The message to publish now: its expiry starts at {@code nowMillis}. */
    public Message messageToPublish(long nowMillis) {
        long expiresAt = messageExpirySeconds < 0 ? 0 : nowMillis + messageExpirySeconds * 1000;
        return message.toBuilder().expiresAtMillis(expiresAt).createdAtMillis(nowMillis).build();
    }
}
