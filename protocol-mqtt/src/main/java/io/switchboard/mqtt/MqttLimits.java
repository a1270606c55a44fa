package io.switchboard.mqtt;

import io.switchboard.router.limit.MemoryBudget;

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
        MemoryBudget memory) {

    public static final MqttLimits NONE = new MqttLimits(0, 0, 0, 0, false, 0, 0, 0, null);

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
