package io.switchboard.broker.config;

import java.util.List;
import java.util.Map;

/**
 * Section {@code security.limits}: protection against floods, storms and memory exhaustion. 0 means no limit
 * for every number.
 *
 * @param connectionsPerSecond      new connections per second on each listener (token bucket, burst of one
 *                                  second); the excess is reset before any TLS or MQTT work
 * @param maxConnections            open connections over all listeners
 * @param publishMessagesPerSecond  PUBLISH packets per second per client
 * @param publishBytesPerSecond     PUBLISH payload bytes per second per client
 * @param publishRatePolicy         over the rate: throttle (stop reading the client's socket until it is back
 *                                  within the rate) or disconnect (MQTT 5: DISCONNECT 0x96)
 * @param maxSubscriptionsPerClient subscriptions per session (more: SUBACK 0x97, 3.1.1: 0x80)
 * @param maxTopicLength            longest topic name or filter, in characters
 * @param maxTopicLevels            most levels in a topic name or filter
 * @param flappingMaxConnects       connects of one client id allowed within flapping_window_seconds; one more
 *                                  bans the client id for flapping_ban_seconds (CONNACK 0x8A, 3.1.1: 0x05)
 * @param flappingWindowSeconds     the flapping window
 * @param flappingBanSeconds        how long a flapping client id is refused
 * @param memoryBudgetBytes         bytes all session queues together may hold; above it, publishers' sockets
 *                                  are not read until the queues drain to 90% of it
 * @param listeners                 overrides of connections_per_second and max_connections by listener name
 *                                  ({@link #LISTENER_NAMES}); another name is an error
 * @param users                     overrides of the publish rates and max_subscriptions_per_client by user name
 */
public record LimitsConfig(
        int connectionsPerSecond,
        int maxConnections,
        int publishMessagesPerSecond,
        long publishBytesPerSecond,
        PublishRatePolicy publishRatePolicy,
        int maxSubscriptionsPerClient,
        int maxTopicLength,
        int maxTopicLevels,
        int flappingMaxConnects,
        int flappingWindowSeconds,
        int flappingBanSeconds,
        long memoryBudgetBytes,
        Map<String, ListenerLimitsConfig> listeners,
        Map<String, UserLimitsConfig> users) {

    /**
     * The listeners limits can name: MQTT over TCP, over TLS, over WebSocket, over secure WebSocket (the logs'
     * {@code listener=} field spells the last two mqtt-ws and mqtt-wss).
     */
    public static final List<String> LISTENER_NAMES = List.of("mqtt", "mqtts", "mqtt_ws", "mqtt_wss");

    /** What happens to a client over its publish rate. */
    public enum PublishRatePolicy { THROTTLE, DISCONNECT }

    public static final LimitsConfig DEFAULTS = new LimitsConfig(0, 0, 0, 0, PublishRatePolicy.THROTTLE, 0, 0, 0,
            0, 60, 300, 0, Map.of(), Map.of());

    public LimitsConfig {
        InvalidValueException.range("connections_per_second", connectionsPerSecond, 0, 10_000_000);
        InvalidValueException.range("max_connections", maxConnections, 0, Integer.MAX_VALUE);
        InvalidValueException.range("publish_messages_per_second", publishMessagesPerSecond, 0, 100_000_000);
        InvalidValueException.range("publish_bytes_per_second", publishBytesPerSecond, 0, Long.MAX_VALUE / 2);
        InvalidValueException.required("publish_rate_policy", publishRatePolicy);
        InvalidValueException.range("max_subscriptions_per_client", maxSubscriptionsPerClient, 0, Integer.MAX_VALUE);
        InvalidValueException.range("max_topic_length", maxTopicLength, 0, 65_535);
        InvalidValueException.range("max_topic_levels", maxTopicLevels, 0, 65_535);
        InvalidValueException.range("flapping_max_connects", flappingMaxConnects, 0, 1_000_000);
        InvalidValueException.range("flapping_window_seconds", flappingWindowSeconds, 1, 86_400);
        InvalidValueException.range("flapping_ban_seconds", flappingBanSeconds, 1, 86_400 * 7);
        InvalidValueException.range("memory_budget_bytes", memoryBudgetBytes, 0, Long.MAX_VALUE / 2);
        listeners = listeners == null ? Map.of() : Map.copyOf(listeners);
        users = users == null ? Map.of() : Map.copyOf(users);
        for (Map.Entry<String, ListenerLimitsConfig> entry : listeners.entrySet()) {
            String name = entry.getKey();
            if (!LISTENER_NAMES.contains(name)) {
                String hint = Suggestions.closest(name, LISTENER_NAMES).map(n -> " (did you mean '" + n + "'?)")
                        .orElse("");
                throw new InvalidValueException("listeners." + name, "unknown listener '" + name + "'" + hint
                        + "; listeners are " + String.join(", ", LISTENER_NAMES));
            }
            InvalidValueException.required("listeners." + name, entry.getValue());
        }
        for (Map.Entry<String, UserLimitsConfig> entry : users.entrySet()) {
            String name = entry.getKey();
            if (name.isEmpty() || name.chars().anyMatch(ch -> ch == ':' || Character.isWhitespace(ch))) {
                throw new InvalidValueException("users." + name, "invalid user name '" + name + "'");
            }
            InvalidValueException.required("users." + name, entry.getValue());
        }
    }
}
