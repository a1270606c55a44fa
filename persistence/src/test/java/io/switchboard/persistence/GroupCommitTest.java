package io.switchboard.persistence;

import static io.switchboard.persistence.Fixtures.message;
import static io.switchboard.persistence.Fixtures.queued;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.router.api.Qos;
import io.switchboard.router.spi.StoredDelivery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class GroupCommitTest {
    @TempDir
    Path dir;

    @Test
    void concurrentWritersShareCommitsAndSyncMeansDurable() throws Exception {
        int threads = 8;
        int perThread = 400;
        Path snapshot = dir.resolve("snapshot");
        Path data = dir.resolve("data");
        try (MapDbStore store = MapDbStore.open(StoreSettings.defaults(data))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String client = "client-" + t;
                done.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    List<CompletableFuture<Void>> syncs = new ArrayList<>();
                    for (int i = 1; i <= perThread; i++) {
                        store.putDelivery(client, queued(i, message("t/" + client, "m" + i)));
                        if (i % 4 == 0) {
                            syncs.add(store.sync());
                        }
                    }
                    return CompletableFuture.allOf(syncs.toArray(CompletableFuture[]::new));
                }, pool).thenCompose(f -> f));
            }
            start.countDown();
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            pool.shutdown();

            StoreStats stats = store.stats();
            assertThat(stats.operations()).isEqualTo((long) threads * perThread);
            assertThat(stats.maxBatchSize()).isGreaterThan(1);
            assertThat(stats.batchesCommitted()).isLessThan(stats.operations());
            assertThat(stats.averageCommitMicros()).isPositive();

            // What sync() acknowledged is on disk now, before any close: a copy of the files (the data file, its
            // redo file and the journal) must hold it.
            Files.createDirectories(snapshot);
            try (var files = Files.list(data)) {
                for (Path p : files.filter(p -> !p.getFileName().toString().equals("switchboard.lock")).toList()) {
                    Files.copy(p, snapshot.resolve(p.getFileName()));
                }
            }
        }
        try (MapDbStore copy = MapDbStore.open(StoreSettings.defaults(snapshot))) {
            for (int t = 0; t < threads; t++) {
                List<StoredDelivery> list = copy.loadDeliveries("client-" + t);
                assertThat(list).hasSize(perThread);
                assertThat(list.get(perThread - 1).sequence()).isEqualTo(perThread);
            }
        }
    }

    @Test
    void backupWhileRunningHoldsEveryEarlierWrite() throws Exception {
        Path data = dir.resolve("data");
        Path backup = dir.resolve("backup");
        try (MapDbStore store = MapDbStore.open(StoreSettings.defaults(data).withBatch(1000, Duration.ofHours(1)))) {
            for (int i = 1; i <= 100; i++) {
                store.putDelivery("c", queued(i, message("t", "m" + i)));
            }
            store.retainedStore().put(message("r", "kept"));
            assertThat(store.backupTo(backup).get(30, TimeUnit.SECONDS))
                    .isEqualTo(backup.resolve(StoreFiles.DB_FILE));
            store.putDelivery("c", queued(101, message("t", "after the backup")));
        }
        try (MapDbStore copy = MapDbStore.open(StoreSettings.defaults(backup))) {
            assertThat(copy.loadDeliveries("c")).hasSize(100);
            assertThat(copy.retainedStore().loadAll()).hasSize(1);
        }
    }

    @Test
    void batchClosesWhenItReachesItsSize() throws Exception {
        try (MapDbStore store = MapDbStore.open(StoreSettings.defaults(dir).withBatch(10, Duration.ofHours(1)))) {
            for (int i = 1; i <= 10; i++) {
                store.putDelivery("c", queued(i, message("t", "x")));
            }
            store.sync().get(20, TimeUnit.SECONDS);
            assertThat(store.stats().lastBatchSize()).isEqualTo(10);
        }
    }

    @Test
    void batchClosesAfterItsDelay() throws Exception {
        try (MapDbStore store = MapDbStore.open(StoreSettings.defaults(dir).withBatch(1000, Duration.ofMillis(150)))) {
            long start = System.nanoTime();
            store.putDelivery("c", queued(1, message("t", "x")));
            store.sync().get(20, TimeUnit.SECONDS);
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
            assertThat(store.stats().batchesCommitted()).isEqualTo(1);
            assertThat(store.stats().lastBatchSize()).isEqualTo(1);
        }
    }

    @Test
    void syncWithNothingPendingDoesNotWaitForTheDelay() throws Exception {
        try (MapDbStore store = MapDbStore.open(StoreSettings.defaults(dir).withBatch(1000, Duration.ofHours(1)))) {
            store.sync().get(20, TimeUnit.SECONDS);
            assertThat(store.stats().batchesCommitted()).isZero();
        }
    }

    @Test
    void closeCommitsWhatIsQueuedAndLaterWritesAreRefused() throws Exception {
        MapDbStore store = MapDbStore.open(StoreSettings.defaults(dir).withBatch(1000, Duration.ofHours(1)));
        store.putDelivery("c", queued(1, message("t", "x")));
        CompletableFuture<Void> pending = store.sync();
        store.close();
        pending.get(1, TimeUnit.SECONDS);
        assertThatThrownBy(() -> store.putDelivery("c", queued(2, message("t", "y"))))
                .isInstanceOf(StoreFailedException.class).hasMessageContaining("closed");
        try (MapDbStore reopened = MapDbStore.open(StoreSettings.defaults(dir))) {
            assertThat(reopened.loadDeliveries("c")).hasSize(1);
        }
    }

    @Test
    void aFailedWriteFailsItsBatchAndEveryLaterSyncUntilReopened() throws Exception {
        StoreSettings oneBigBatch = StoreSettings.defaults(dir).withBatch(1000, Duration.ofHours(1));
        try (MapDbStore first = MapDbStore.open(oneBigBatch)) {
            first.putDelivery("c", queued(1, message("t", "committed")));
        }
        MapDbStore store = MapDbStore.open(oneBigBatch);
        store.putDelivery("c", queued(2, message("t", "rolled back")));
        store.putDelivery("c", new StoredDelivery(3, null, Qos.AT_LEAST_ONCE, false,
                new int[0], null, null, 0, false));
        CompletableFuture<Void> failed = store.sync();
        assertThatThrownBy(() -> failed.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreFailedException.class);
        store.putDelivery("c", queued(4, message("t", "after")));
        assertThatThrownBy(() -> store.sync().get(20, TimeUnit.SECONDS))
                .hasCauseInstanceOf(StoreFailedException.class);
        assertThatThrownBy(() -> store.loadDeliveries("c")).isInstanceOf(StoreFailedException.class);
        store.close();
        try (MapDbStore reopened = MapDbStore.open(StoreSettings.defaults(dir))) {
            assertThat(reopened.loadDeliveries("c")).extracting(StoredDelivery::sequence).containsExactly(1L);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("start signal not given");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
