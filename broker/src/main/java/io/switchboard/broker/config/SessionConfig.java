package io.switchboard.broker.config;

import io.switchboard.router.RouterSettings;
import io.switchboard.router.api.OverflowPolicy;

/**
 * Section {@code sessions}: limits the router applies to every session.
 *
 * @param maxQueuedMessages messages a session may hold waiting for delivery
 * @param maxQueuedBytes    bytes those messages may take
 * @param overflowPolicy    backpressure, drop_oldest, drop_new or disconnect
 * @param queueQos0Offline  whether QoS 0 messages are queued for offline persistent sessions
 */
public record SessionConfig(
        int maxQueuedMessages,
        long maxQueuedBytes,
        OverflowPolicy overflowPolicy,
        boolean queueQos0Offline) {

    public static final SessionConfig DEFAULTS = from(RouterSettings.DEFAULTS);

    public SessionConfig {
        InvalidValueException.range("max_queued_messages", maxQueuedMessages, 1, Integer.MAX_VALUE);
        InvalidValueException.range("max_queued_bytes", maxQueuedBytes, 1, Long.MAX_VALUE);
        InvalidValueException.required("overflow_policy", overflowPolicy);
    }

    static SessionConfig from(RouterSettings settings) {
        return new SessionConfig(settings.maxQueuedMessages(), settings.maxQueuedBytes(), settings.overflowPolicy(),
                settings.queueQos0Offline());
    }

    public RouterSettings toRouterSettings() {
        return new RouterSettings(maxQueuedMessages, maxQueuedBytes, overflowPolicy, queueQos0Offline);
    }
}
