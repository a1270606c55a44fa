package io.switchboard.persistence;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.Qos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Durable write throughput of {@link MapDbStore}: each of THREADS publishers stores one QoS 1 message,
 * waits for {@code sync()}, and goes again (as a publisher waiting for its PUBACK would). Not a test.
 *
 * <p>Arguments: threads seconds delayMillis batchOps payloadBytes window. With a window above 1 each publisher
 * keeps that many messages awaiting their sync (MQTT's receive maximum), as a pipelining client does.
 */
public final class GroupCommitBenchmark {
    private GroupCommitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        long delayMillis = Long.parseLong(args[2]);
        int batchOps = Integer.parseInt(args[3]);
        int payloadBytes = Integer.parseInt(args[4]);
        int window = Integer.parseInt(args[5]);
        Path dir = Files.createTempDirectory("sb-bench");
        StoreSettings settings = StoreSettings.defaults(dir).withBatch(batchOps, Duration.ofMillis(delayMillis));
        AtomicLong done = new AtomicLong();
        try (MapDbStore store = MapDbStore.open(settings)) {
            long start = System.nanoTime();
            long deadline = start + seconds * 1_000_000_000L;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String client = "bench-" + t;
                workers.add(CompletableFuture.runAsync(() -> {
                    byte[] payload = new byte[payloadBytes];
                    ArrayDeque<CompletableFuture<Void>> awaiting = new ArrayDeque<>();
                    for (long seq = 1; System.nanoTime() < deadline; seq++) {
                        Message m = Message.builder("bench/" + client, payload).qos(Qos.AT_LEAST_ONCE).build();
                        store.putDelivery(client, Fixtures.queued(seq, m));
                        if (seq > 1000) {
                            store.removeDelivery(client, seq - 1000);
                        }
                        awaiting.add(store.sync().thenRun(done::incrementAndGet));
                        if (awaiting.size() >= window) {
                            awaiting.poll().join();
                        }
                    }
                    awaiting.forEach(CompletableFuture::join);
                }, pool));
            }
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
            pool.shutdown();
            double elapsed = (System.nanoTime() - start) / 1e9;
            StoreStats s = store.stats();
            System.out.printf("threads=%d window=%d delayMs=%d batchOps=%d payload=%d: %.0f durable msgs/s, "
                            + "batches=%d avgBatch=%.1f writeOps (put+remove) maxBatch=%d avgCommit=%.0fus "
                            + "maxCommit=%.0fus fileBytes=%d%n",
                    threads, window, delayMillis, batchOps, payloadBytes, done.get() / elapsed, s.batchesCommitted(),
                    s.averageBatchSize(), s.maxBatchSize(), s.averageCommitMicros(), s.maxCommitNanos() / 1e3,
                    s.fileBytes());
        }
        deleteTree(dir);
        System.exit(0);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
