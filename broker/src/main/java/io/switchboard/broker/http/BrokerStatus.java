package io.switchboard.broker.http;

import io.switchboard.broker.metrics.BrokerMetrics;
import io.switchboard.broker.metrics.TrafficCounters;
import io.switchboard.router.Router;
import io.switchboard.router.RouterStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Live totals of one broker, read from the router and the meters; shared by the admin API and $SYS.
 * {@code messagesDropped} counts lost deliveries (queue full, expired, store full, too large for the client),
 * not publishes that matched no subscription.
 */
public record BrokerStatus(
        long connections,
        long connectionsOpened,
        int sessionsOnline,
        int sessionsOffline,
        int subscriptions,
        int retainedMessages,
        long queuedMessages,
        long messagesReceived,
        long messagesSent,
        long bytesReceived,
        long bytesSent,
        long messagesDropped) {

    public static BrokerStatus of(Router router, BrokerMetrics metrics) {
        RouterStats stats = router.stats();
        return new BrokerStatus(metrics.traffic().currentConnections(),
                (long) metrics.total(TrafficCounters.CONNECTIONS_OPENED),
                stats.connectedSessions(), stats.sessions() - stats.connectedSessions(), stats.subscriptions(),
                stats.retainedMessages(), router.inspector().totalQueuedMessages(),
                (long) metrics.total(TrafficCounters.MESSAGES_RECEIVED),
                (long) metrics.total(TrafficCounters.MESSAGES_SENT),
                (long) metrics.total(TrafficCounters.BYTES_RECEIVED),
                (long) metrics.total(TrafficCounters.BYTES_SENT),
                (long) metrics.total(TrafficCounters.DROPPED) - stats.noMatchingSubscribers());
    }

    Map<String, Object> toJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connections", connections);
        body.put("connections_opened", connectionsOpened);
        body.put("sessions_online", sessionsOnline);
        body.put("sessions_offline", sessionsOffline);
        body.put("subscriptions", subscriptions);
        body.put("retained_messages", retainedMessages);
        body.put("queued_messages", queuedMessages);
        body.put("messages_received", messagesReceived);
        body.put("messages_sent", messagesSent);
        body.put("bytes_received", bytesReceived);
        body.put("bytes_sent", bytesSent);
        body.put("messages_dropped", messagesDropped);
        return body;
    }
}
