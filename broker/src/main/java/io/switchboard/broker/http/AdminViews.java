package io.switchboard.broker.http;

import io.switchboard.router.api.QueueRef;
import io.switchboard.router.api.QueueSpec;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.inspect.Page;
import io.switchboard.router.inspect.QueueDepth;
import io.switchboard.router.inspect.RetainedInfo;
import io.switchboard.router.inspect.SessionInfo;
import io.switchboard.router.inspect.SubscriptionInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The JSON shapes of the admin API (snake_case keys, times in epoch milliseconds). */
final class AdminViews {
    private AdminViews() {
    }

    static <T> Map<String, Object> page(Page<T> page, int limit, Function<T, Object> view) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items().stream().map(view).toList());
        body.put("offset", page.offset());
        body.put("limit", limit);
        body.put("total", page.total());
        return body;
    }

    static Map<String, Object> session(SessionInfo s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", s.clientId());
        body.put("connected", s.connected());
        body.put("protocol", s.protocol().name().toLowerCase(Locale.ROOT));
        body.put("session_expiry_seconds", s.sessionExpirySeconds());
        body.put("subscriptions", s.subscriptions().stream().map(AdminViews::subscription).toList());
        body.put("queued_messages", s.queuedMessages());
        body.put("queued_bytes", s.queuedBytes());
        body.put("inflight_messages", s.inflightMessages());
        body.put("dropped_messages", s.droppedMessages());
        body.put("connected_at_ms", s.connectedAtMillis());
        body.put("disconnected_at_ms", s.disconnectedAtMillis());
        return body;
    }

    static Map<String, Object> subscription(SubscriptionInfo s) {
        SubscriptionOptions options = s.options();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", s.clientId());
        body.put("filter", s.filter());
        body.put("qos", options.maxQos().level());
        body.put("no_local", options.noLocal());
        body.put("retain_as_published", options.retainAsPublished());
        body.put("retain_handling", options.retainHandling().name().toLowerCase(Locale.ROOT));
        body.put("subscription_id", options.subscriptionId());
        return body;
    }

    static Map<String, Object> retained(RetainedInfo r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("topic", r.topic());
        body.put("qos", r.qos().level());
        body.put("payload_bytes", r.payloadBytes());
        body.put("created_at_ms", r.createdAtMillis());
        return body;
    }

    static Map<String, Object> queue(QueueDepth q) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", q.clientId());
        body.put("queued_messages", q.queuedMessages());
        body.put("oldest_age_ms", q.oldestAgeMillis());
        return body;
    }

    static Map<String, Object> namedQueue(QueueRef queue) {
        QueueSpec spec = queue.spec();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", spec.name());
        body.put("depth", queue.depth());
        body.put("oldest_age_ms", queue.oldestAgeMillis(System.currentTimeMillis()));
        body.put("durable", spec.durable());
        body.put("max_messages", spec.maxMessages());
        body.put("max_bytes", spec.maxBytes());
        body.put("overflow_policy", spec.overflow().name().toLowerCase(Locale.ROOT));
        body.put("bindings", spec.bindings());
        body.put("dead_letter_queue", spec.deadLetterQueue());
        body.put("auto_delete", spec.autoDelete());
        return body;
    }

    static Map<String, Object> queues(List<QueueDepth> queues) {
        return Map.of("items", queues.stream().map(AdminViews::queue).toList());
    }
}
