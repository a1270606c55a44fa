package io.switchboard.mqtt;

import io.switchboard.router.api.QueueLimits;
import io.switchboard.router.limit.MemoryBudget;
import java.util.Map;

/**
 * Limits the MQTT listeners enforce (0 means no limit for every number).
 *
 * @param connectionsPerSecond     new connections accepted per second on each listener (burst: the same number);
 *                                 the excess is reset at once, before any TLS or MQTT work
 * @param maxConnections           open connections over all listeners
 * @param publishMessagesPerSecond PUBLISH packets per second per client
 * @param publishBytesPerSecond    PUBLISH payload bytes per second per client
 * @param disconnectOnRateExceeded over the publish rate: true disconnects (MQTT 5: DISCONNECT 0x96 message rate
 *                                 too high), false stops reading the client's socket until it is back in its rate
 * @param maxSubscriptionsPerClient subscriptions one session may hold (more: SUBACK 0x97 / 3.1.1 0x80)
 * @param maxTopicLength           longest topic name or filter, in characters
 * @param maxTopicLevels           most levels in a topic name or filter
 * @param memory                   the broker's memory budget, or null: publishers stop being read while it is
 *                                 exceeded
 * @param listeners                overrides of the connection limits by listener name (mqtt, mqtts, mqtt-ws,
 *                                 mqtt-wss)
 * @param users                    overrides of the per-client limits by user name
 */
public record MqttLimits(
        int connectionsPerSecond,
        int maxConnections,
        int publishMessagesPerSecond,
        long publishBytesPerSecond,
        boolean disconnectOnRateExceeded,
        int maxSubscriptionsPerClient,
        int maxTopicLength,
        int maxTopicLevels,
        MemoryBudget memory,
        Map<String, ListenerOverride> listeners,
        Map<String, UserOverride> users) {

    /** Keeps a global value. */
    public static final int INHERIT = -1;

    public static final MqttLimits NONE = new MqttLimits(0, 0, 0, 0, false, 0, 0, 0, null, Map.of(), Map.of());

    /**
     * One listener's connection limits; {@link #INHERIT} keeps the global value, 0 is no limit.
     *
     * @param maxConnections open connections on this listener alone
     */
    public record ListenerOverride(int connectionsPerSecond, int maxConnections) {
    }

    /**
     * One user's per-client limits; {@link #INHERIT} keeps the global value, 0 is no limit (for the queue bounds,
     * {@link #INHERIT} or 0 keeps the global {@code sessions.max_queued_*}).
     */
    public record UserOverride(int publishMessagesPerSecond, long publishBytesPerSecond,
                               int maxSubscriptionsPerClient, int maxQueuedMessages, long maxQueuedBytes) {
        public UserOverride(int publishMessagesPerSecond, long publishBytesPerSecond, int maxSubscriptionsPerClient) {
            this(publishMessagesPerSecond, publishBytesPerSecond, maxSubscriptionsPerClient, INHERIT, INHERIT);
        }
    }

    /** The session queue bounds of {@code user}'s sessions, or null when the user has none of its own. */
    public QueueLimits queueLimitsFor(String user) {
        UserOverride override = user == null ? null : users.get(user);
        if (override == null || (override.maxQueuedMessages() <= 0 && override.maxQueuedBytes() <= 0)) {
            return null;
        }
        return new QueueLimits(Math.max(0, override.maxQueuedMessages()), Math.max(0, override.maxQueuedBytes()));
    }

    public MqttLimits {
        listeners = Map.copyOf(listeners);
        users = Map.copyOf(users);
    }

    /** New connections per second allowed on {@code listener}. */
    public int connectionsPerSecond(String listener) {
        ListenerOverride override = listeners.get(listener);
        return override == null || override.connectionsPerSecond() == INHERIT ? connectionsPerSecond
                : override.connectionsPerSecond();
    }

    /** Open connections allowed on {@code listener} alone (0: only the global max_connections applies). */
    public int maxConnections(String listener) {
        ListenerOverride override = listeners.get(listener);
        return override == null || override.maxConnections() == INHERIT ? 0 : override.maxConnections();
    }

    /** The limits of a connection authenticated as {@code user}: this, with the user's overrides applied. */
    public MqttLimits forUser(String user) {
        UserOverride override = user == null ? null : users.get(user);
        if (override == null) {
            return this;
        }
        return new MqttLimits(connectionsPerSecond, maxConnections,
                pick(override.publishMessagesPerSecond(), publishMessagesPerSecond),
                override.publishBytesPerSecond() == INHERIT ? publishBytesPerSecond : override.publishBytesPerSecond(),
                disconnectOnRateExceeded, pick(override.maxSubscriptionsPerClient(), maxSubscriptionsPerClient),
                maxTopicLength, maxTopicLevels, memory, Map.of(), Map.of());
    }

    private static int pick(int override, int global) {
        return override == INHERIT ? global : override;
    }

    public boolean limitsPublishRate() {
        return publishMessagesPerSecond > 0 || publishBytesPerSecond > 0;
    }

    /** True when the topic name or filter is within the length and level limits. */
    public boolean topicAllowed(String topic) {
        if (maxTopicLength > 0 && topic.length() > maxTopicLength) {
            return false;
        }
        if (maxTopicLevels > 0) {
            int levels = 1;
            for (int i = 0; i < topic.length(); i++) {
                if (topic.charAt(i) == '/' && ++levels > maxTopicLevels) {
                    return false;
                }
            }
        }
        return true;
    }
}
