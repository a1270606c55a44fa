package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.spi.StoredDelivery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link WriteOverlay}: entries and bodies written since the last checkpoint stay out of the B-trees, what is
 * still live reaches them at the checkpoint, and a {@code kill -9} before that checkpoint loses nothing.
 */
class WriteOverlayTest {
    static final int OLD_ENTRIES = 100;

    @TempDir
    Path dir;

    /** A number read on the writer thread. */
    private static long count(MapDbStore store, java.util.function.Function<StoreState, Number> read) {
        Number n = store.read(read);
        return n.longValue();
    }

    private StoreSettings noTimedCheckpoint(Path data) {
        return Fixtures.settings(data).withCheckpointInterval(Duration.ofHours(1));
    }

    @Test
    @Timeout(60)
    void anEntryPutAndRemovedBetweenCheckpointsNeverReachesMapDb() throws Exception {
        Path data = dir.resolve("data");
        try (MapDbStore store = MapDbStore.open(noTimedCheckpoint(data))) {
            for (long seq = 1; seq <= 1_000; seq++) {
                store.putDelivery("c", Fixtures.queued(seq, Fixtures.message("t", "m" + seq)));
                if (seq % 10 != 0) {
                    store.removeDelivery("c", seq);
                }
            }
            store.sync().get(30, TimeUnit.SECONDS);
            assertThat(count(store, s -> s.dirtyPages())).as("no B-tree page touched").isZero();
            assertThat(count(store, s -> s.entries.size() + s.bodies.size())).isZero();
            assertThat(count(store, s -> s.overlay.size())).as("100 entries and their bodies").isEqualTo(200L);
            assertThat(Fixtures.bodies(store)).isEqualTo(100);

            store.backupTo(dir.resolve("backup")).get(30, TimeUnit.SECONDS); // checkpoints first
            assertThat(count(store, s -> s.overlay.size())).isZero();
            assertThat(count(store, s -> s.entries.size())).isEqualTo(100L);
            assertThat(count(store, s -> s.bodies.size())).isEqualTo(100L);
            assertThat(store.loadDeliveries("c")).extracting(StoredDelivery::sequence)
                    .allMatch(seq -> seq % 10 == 0).hasSize(100);
        }
        try (MapDbStore backup = MapDbStore.open(Fixtures.settings(dir.resolve("backup")))) {
            assertThat(backup.loadDeliveries("c")).hasSize(100);
            assertThat(Fixtures.bodies(backup)).isEqualTo(100);
        }
    }

    @Test
    @Timeout(60)
    void readsAndRemovalsSeeTheOverlayAndTheCheckpointedFileAlike() throws Exception {
        Path data = dir.resolve("data");
        try (MapDbStore store = MapDbStore.open(noTimedCheckpoint(data))) {
            for (long seq = 1; seq <= 10; seq++) {
                store.putDelivery("c", Fixtures.queued(seq, Fixtures.message("t", "old" + seq)));
            }
        }
        try (MapDbStore store = MapDbStore.open(noTimedCheckpoint(data))) {
            assertThat(count(store, s -> s.entries.size())).as("checkpointed at close").isEqualTo(10L);
            store.putDelivery("c", Fixtures.queued(3, Fixtures.message("t", "new3"))); // replaces a file entry
            store.removeDelivery("c", 4); // a file entry
            for (long seq = 11; seq <= 20; seq++) {
                store.putDelivery("c", Fixtures.queued(seq, Fixtures.message("t", "new" + seq)));
            }
            store.removeDelivery("c", 12); // an overlay entry
            store.sync().get(30, TimeUnit.SECONDS);
            assertThat(Fixtures.bodies(store)).isEqualTo(18);
            assertThat(count(store, s -> s.messageCount())).isEqualTo(18L);
            List<StoredDelivery> all = store.loadDeliveries("c");
            assertThat(all).extracting(StoredDelivery::sequence).containsExactly(
                    1L, 2L, 3L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
            assertThat(new String(all.get(2).message().payload())).isEqualTo("new3");
            store.removeSession("c");
            store.sync().get(30, TimeUnit.SECONDS);
            assertThat(store.loadDeliveries("c")).isEmpty();
            assertThat(Fixtures.bodies(store)).isZero();
        }
    }

    @Test
    @Timeout(150)
    void aKillBeforeTheCheckpointLosesNoOverlayEntry() throws Exception {
        Path data = dir.resolve("data");
        try (MapDbStore store = MapDbStore.open(StoreSettings.defaults(data))) {
            for (long seq = 1; seq <= OLD_ENTRIES; seq++) {
                store.putDelivery(StoreChild.OLD, Fixtures.queued(seq, StoreChild.messageFor(seq)));
            }
        }
        long reported = CrashTest.runAndKill(data, 2_000, "overlay");

        try (MapDbStore store = MapDbStore.open(StoreSettings.defaults(data))) {
            List<StoredDelivery> old = store.loadDeliveries(StoreChild.OLD);
            assertThat(old).extracting(StoredDelivery::sequence).allMatch(seq -> seq % 2 == 1)
                    .hasSize(OLD_ENTRIES / 2);
            assertThat(old.get(0).message().payload()).isEqualTo(StoreChild.replacement().payload());
            assertThat(old.get(1).message().payload()).isEqualTo(StoreChild.messageFor(3).payload());

            List<StoredDelivery> entries = store.loadDeliveries(StoreChild.CLIENT);
            assertThat(entries.size()).isGreaterThanOrEqualTo((int) (reported / 2));
            for (int i = 0; i < entries.size(); i++) {
                long seq = 2L * i + 1;
                assertThat(entries.get(i).sequence()).isEqualTo(seq);
                assertThat(entries.get(i).message().payload()).isEqualTo(StoreChild.messageFor(seq).payload());
            }
            assertThat(Fixtures.bodies(store)).isEqualTo(old.size() + entries.size());
        }
    }
}
