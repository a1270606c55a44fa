package io.switchboard.broker.sys;

import io.switchboard.broker.http.BrokerInfo;
import io.switchboard.broker.http.BrokerStatus;
import io.switchboard.router.Router;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.PayloadFormat;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.Qos;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the broker's status under {@code $SYS/broker/...} with Mosquitto's topic names, as retained QoS 0
 * messages, every {@code sys.interval_seconds}. A value is republished only when it changed (the uptime changes
 * every time). Wildcard subscriptions starting with {@code #} or {@code +} do not match {@code $SYS} topics
 * [MQTT-4.7.2-1]: subscribe to {@code $SYS/#}.
 */
public final class SysTopics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SysTopics.class);

    private final Router router;
    private final Supplier<BrokerInfo> info;
    private final Supplier<BrokerStatus> status;
    private final ScheduledExecutorService scheduler;
    private final Map<String, String> lastPublished = new HashMap<>();

    private SysTopics(Router router, Supplier<BrokerInfo> info, Supplier<BrokerStatus> status) {
        this.router = router;
        this.info = info;
        this.status = status;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "switchboard-sys");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Publishes now, then every {@code intervalSeconds}. */
    public static SysTopics start(int intervalSeconds, Router router, Supplier<BrokerInfo> info,
                                  Supplier<BrokerStatus> status) {
        SysTopics sys = new SysTopics(router, info, status);
        sys.scheduler.scheduleAtFixedRate(sys::publishSafely, 0, intervalSeconds, TimeUnit.SECONDS);
        return sys;
    }

    private void publishSafely() {
        try {
            publishChanged();
        } catch (RuntimeException e) {
            LOG.warn("sys.publish_failed", e); // a failure must not cancel the schedule
        }
    }

    /** Topic name to value, as Mosquitto names them. */
    static Map<String, String> values(BrokerInfo info, BrokerStatus s, long nowMillis) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("$SYS/broker/version", "switchboard " + info.version());
        values.put("$SYS/broker/uptime", (nowMillis - info.startedAtMillis()) / 1000 + " seconds");
        values.put("$SYS/broker/clients/connected", Long.toString(s.sessionsOnline()));
        values.put("$SYS/broker/clients/active", Long.toString(s.sessionsOnline()));
        values.put("$SYS/broker/clients/disconnected", Long.toString(s.sessionsOffline()));
        values.put("$SYS/broker/clients/inactive", Long.toString(s.sessionsOffline()));
        values.put("$SYS/broker/clients/total", Long.toString(s.sessionsOnline() + (long) s.sessionsOffline()));
        values.put("$SYS/broker/messages/received", Long.toString(s.messagesReceived()));
        values.put("$SYS/broker/messages/sent", Long.toString(s.messagesSent()));
        values.put("$SYS/broker/publish/messages/received", Long.toString(s.messagesReceived()));
        values.put("$SYS/broker/publish/messages/sent", Long.toString(s.messagesSent()));
        values.put("$SYS/broker/publish/messages/dropped", Long.toString(s.messagesDropped()));
        values.put("$SYS/broker/bytes/received", Long.toString(s.bytesReceived()));
        values.put("$SYS/broker/bytes/sent", Long.toString(s.bytesSent()));
        values.put("$SYS/broker/subscriptions/count", Integer.toString(s.subscriptions()));
        values.put("$SYS/broker/retained messages/count", Integer.toString(s.retainedMessages()));
        values.put("$SYS/broker/store/messages/count", Long.toString(s.queuedMessages()));
        return values;
    }

    private void publishChanged() {
        long now = System.currentTimeMillis();
        for (Map.Entry<String, String> value : values(info.get(), status.get(), now).entrySet()) {
            if (value.getValue().equals(lastPublished.put(value.getKey(), value.getValue()))) {
                continue;
            }
            router.publish(Message.builder(value.getKey(), value.getValue().getBytes(StandardCharsets.UTF_8))
                    .qos(Qos.AT_MOST_ONCE).retain(true).origin(Protocol.INTERNAL).payloadFormat(PayloadFormat.UTF8)
                    .createdAtMillis(now).build());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
