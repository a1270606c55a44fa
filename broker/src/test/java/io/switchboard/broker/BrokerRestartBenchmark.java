package io.switchboard.broker;

import io.switchboard.broker.config.BrokerConfig;
import io.switchboard.broker.config.ConfigLoader;
import io.switchboard.persistence.MapDbStore;
import io.switchboard.persistence.StoreSettings;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.spi.SessionRecord;
import io.switchboard.router.spi.StoredDelivery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Restart time of the whole broker on a large store: fills MESSAGES queued QoS 1 messages (PAYLOAD bytes)
 * round-robin over SESSIONS offline persistent sessions (each subscribed to {@code bench/#}) through the store
 * API, then times {@link Broker#start} on that directory (lock, open + verify every record, router recovery of
 * every session and queue, listeners bound) and {@link Broker#close}. Prints bytes on disk per stored message.
 * Not a test.
 *
 * <p>Arguments: messages sessions payloadBytes [logLevel, default warn]
 */
public final class BrokerRestartBenchmark {
    private BrokerRestartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = Integer.parseInt(args[0]);
        int sessions = Integer.parseInt(args[1]);
        int payloadBytes = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("sb-broker-restart");
        long fillStart = System.nanoTime();
        try (MapDbStore store = MapDbStore.open(StoreSettings.defaults(dir))) {
            long now = System.currentTimeMillis();
            for (int s = 0; s < sessions; s++) {
                store.saveSession(new SessionRecord("client-" + s, 86_400, now,
                        Map.of("bench/#", SubscriptionOptions.of(Qos.AT_LEAST_ONCE)), null));
            }
            byte[] payload = new byte[payloadBytes];
            for (int i = 0; i < messages; i++) {
                Message m = Message.builder("bench/" + (i % 100), payload).qos(Qos.AT_LEAST_ONCE).build();
                store.putDelivery("client-" + (i % sessions),
                        new StoredDelivery(i / sessions + 1, m, Qos.AT_LEAST_ONCE, false, new int[0], null, null, 0,
                                false));
                if (i % 10_000 == 9_999) {
                    store.sync().join();
                }
            }
            store.sync().join();
        }
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        long fileBytes = Files.size(dir.resolve("switchboard.db"));

        Path yaml = dir.resolve("bench.yaml");
        Files.writeString(yaml, "");
        BrokerConfig config = ConfigLoader.load(yaml, Map.of(), List.of("mqtt.port=0", "mqtt.websocket_port=-1",
                "amqp.port=-1", "http.port=-1", "sys.interval_seconds=0", "storage.durability=local",
                "storage.dir=" + dir,
                "sessions.max_queued_messages=1000000", "logging.level=" + (args.length > 3 ? args[3] : "warn")));
        long startNanos = System.nanoTime();
        Broker broker = Broker.start(config);
        double startSeconds = (System.nanoTime() - startNanos) / 1e9;
        int recovered = broker.router().stats().sessions();
        long closeNanos = System.nanoTime();
        broker.close();
        double closeSeconds = (System.nanoTime() - closeNanos) / 1e9;
        System.out.printf("messages=%d sessions=%d payload=%d: fill %.1f s (%.0f msgs/s), file %d bytes (%.0f bytes/"
                        + "message), broker start %.2f s (%d sessions recovered, %.1f s per million messages), "
                        + "close %.2f s%n", messages, sessions, payloadBytes, fillSeconds, messages / fillSeconds,
                fileBytes, (double) fileBytes / messages, startSeconds, recovered, startSeconds * 1e6 / messages,
                closeSeconds);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        System.exit(0);
    }
}
