package io.switchboard.persistence;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.Qos;
import io.switchboard.router.spi.SessionRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Restart cost of a large store: fills MESSAGES queued messages (PAYLOAD bytes) spread over SESSIONS
 * persistent sessions, closes, then times open (which verifies every record) and loading every session's
 * queue. Also prints bytes on disk per stored message. Not a test.
 *
 * <p>Arguments: messages sessions payloadBytes [batchOps]
 */
public final class RestartBenchmark {
    private RestartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = Integer.parseInt(args[0]);
        int sessions = Integer.parseInt(args[1]);
        int payloadBytes = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("sb-restart");
        StoreSettings settings = StoreSettings.defaults(dir);
        if (args.length > 3) {
            settings = settings.withBatch(Integer.parseInt(args[3]), settings.maxBatchDelay());
        }
        long fillStart = System.nanoTime();
        try (MapDbStore store = MapDbStore.open(settings)) {
            for (int s = 0; s < sessions; s++) {
                store.saveSession(Fixtures.session("client-" + s));
            }
            byte[] payload = new byte[payloadBytes];
            for (int i = 0; i < messages; i++) {
                Message m = Message.builder("bench/" + (i % 100), payload).qos(Qos.AT_LEAST_ONCE).build();
                store.putDelivery("client-" + (i % sessions), Fixtures.queued(i / sessions + 1, m));
                if (i % 10_000 == 9_999) {
                    store.sync().join();
                }
            }
            store.sync().join();
        }
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        long fileBytes = Files.size(dir.resolve(StoreFiles.DB_FILE));

        long openStart = System.nanoTime();
        long loaded = 0;
        double openSeconds;
        try (MapDbStore store = MapDbStore.open(settings)) {
            openSeconds = (System.nanoTime() - openStart) / 1e9;
            for (SessionRecord r : store.loadSessions()) {
                loaded += store.loadDeliveries(r.clientId()).size();
            }
        }
        double totalSeconds = (System.nanoTime() - openStart) / 1e9;
        System.out.printf("messages=%d sessions=%d payload=%d: fill %.1f s (%.0f msgs/s), file %d bytes "
                        + "(%.0f bytes/message), open+verify %.2f s, open+load all %.2f s (%d loaded), "
                        + "%.2f s per million%n",
                messages, sessions, payloadBytes, fillSeconds, messages / fillSeconds, fileBytes,
                (double) fileBytes / messages, openSeconds, totalSeconds, loaded, totalSeconds * 1e6 / messages);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        System.exit(0);
    }
}
