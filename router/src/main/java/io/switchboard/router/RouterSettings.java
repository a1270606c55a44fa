package io.switchboard.router;

import io.switchboard.router.api.OverflowPolicy;
import java.util.Objects;

/**
 * Limits the router enforces for every session.
 *
 * @param maxQueuedMessages    messages a session may hold waiting for delivery (queued, not in flight)
 * @param maxQueuedBytes       bytes those messages may take ({@link io.switchboard.router.api.Message#sizeEstimate})
 * @param overflowPolicy       what a full queue does with one more message
 * @param queueQos0Offline     whether QoS 0 messages are queued for offline persistent sessions (Mosquitto's
 *                             queue_qos0_messages); QoS 1/2 always are
 * @param durability           which QoS 1/2 messages are stored before they are acknowledged
 */
public record RouterSettings(
        int maxQueuedMessages,
        long maxQueuedBytes,
        OverflowPolicy overflowPolicy,
        boolean queueQos0Offline,
        DurabilityPolicy durability) {

    public static final RouterSettings DEFAULTS = new RouterSettings(10_000, 64L * 1024 * 1024,
            OverflowPolicy.BACKPRESSURE, false);

    /** Settings with every message volatile. */
    public RouterSettings(int maxQueuedMessages, long maxQueuedBytes, OverflowPolicy overflowPolicy,
                          boolean queueQos0Offline) {
        this(maxQueuedMessages, maxQueuedBytes, overflowPolicy, queueQos0Offline, DurabilityPolicy.VOLATILE);
    }

    /** A copy with another durability policy. */
    public RouterSettings withDurability(DurabilityPolicy policy) {
        return new RouterSettings(maxQueuedMessages, maxQueuedBytes, overflowPolicy, queueQos0Offline, policy);
    }

    public RouterSettings {
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        Objects.requireNonNull(durability, "durability");
        if (maxQueuedMessages < 1) {
            throw new IllegalArgumentException("maxQueuedMessages must be at least 1");
        }
        if (maxQueuedBytes < 1) {
            throw new IllegalArgumentException("maxQueuedBytes must be at least 1");
        }
    }
}
