package io.switchboard.persistence;

import static io.switchboard.persistence.Fixtures.queued;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.Qos;
import io.switchboard.router.spi.StoredDelivery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Dead space is reclaimed by copying live records to a fresh file: online after a commit, and at open. */
@Timeout(120)
class RotationTest {
    private static final int WRITTEN = 400;
    private static final int KEPT = 5;

    @TempDir
    Path dir;

    private static Message big(long seq) {
        byte[] payload = new byte[10_000];
        payload[0] = (byte) seq;
        return Message.builder("t/" + seq, payload).qos(Qos.AT_LEAST_ONCE).build();
    }

    /** Writes {@code WRITTEN} big entries, then removes all but the last {@code KEPT}. */
    private static void fillAndDrain(MapDbStore store) throws Exception {
        for (long seq = 1; seq <= WRITTEN; seq++) {
            store.putDelivery("c", queued(seq, big(seq)));
        }
        store.sync().get(30, TimeUnit.SECONDS);
        for (long seq = 1; seq <= WRITTEN - KEPT; seq++) {
            store.removeDelivery("c", seq);
        }
        store.sync().get(30, TimeUnit.SECONDS);
    }

    private static void assertKeptEntries(List<StoredDelivery> entries) {
        assertThat(entries).extracting(StoredDelivery::sequence)
                .containsExactly(396L, 397L, 398L, 399L, 400L);
        for (StoredDelivery d : entries) {
            assertThat(d.message().payload()[0]).isEqualTo((byte) d.sequence());
        }
    }

    @Test
    void rotatesOnlineWhenDeadSpaceDominatesAndKeepsSharingBodies() throws Exception {
        StoreSettings settings = Fixtures.settings(dir).withRotation(1 << 20, 2.0).withCheckpointInterval(Duration.ZERO);
        try (MapDbStore store = MapDbStore.open(settings)) {
            fillAndDrain(store);
            StoreStats stats = store.stats();
            assertThat(stats.rotations()).isPositive();
            assertThat(stats.fileBytes()).isLessThan(WRITTEN * 10_000L);
            long rotations = stats.rotations();
            store.saveSession(Fixtures.session("c"));
            store.sync().get(30, TimeUnit.SECONDS);
            assertThat(store.stats().rotations()).as("no rotation at every commit").isEqualTo(rotations);

            List<StoredDelivery> entries = store.loadDeliveries("c");
            assertKeptEntries(entries);
            store.putDelivery("other", queued(1, entries.get(0).message()));
            store.sync().get(30, TimeUnit.SECONDS);
            assertThat(Fixtures.bodies(store)).isEqualTo(KEPT);
        }
        try (MapDbStore store = MapDbStore.open(settings)) {
            assertKeptEntries(store.loadDeliveries("c"));
            assertThat(store.loadDeliveries("other")).hasSize(1);
        }
    }

    @Test
    void rotatesAtOpen() throws Exception {
        long grown;
        // A checkpoint after every batch: the filled entries reach the B-trees before they are removed (between
        // two checkpoints they would stay in the write overlay and leave no dead space).
        try (MapDbStore store = MapDbStore.open(Fixtures.settings(dir).withRotation(Long.MAX_VALUE, 2.0)
                .withCheckpointInterval(Duration.ZERO))) {
            fillAndDrain(store);
            grown = store.stats().fileBytes();
            assertThat(store.stats().rotations()).isZero();
        }
        try (MapDbStore store = MapDbStore.open(Fixtures.settings(dir).withRotation(1 << 20, 2.0).withCheckpointInterval(Duration.ZERO))) {
            assertThat(store.stats().fileBytes()).isLessThan(grown);
            assertKeptEntries(store.loadDeliveries("c"));
        }
    }

    @Test
    void leftoverCopyOfAnInterruptedRotationIsIgnored() throws Exception {
        try (MapDbStore store = MapDbStore.open(Fixtures.settings(dir))) {
            fillAndDrain(store);
        }
        Path leftover = dir.resolve(StoreFiles.ROTATING);
        Files.write(leftover, new byte[4096]);
        Files.write(dir.resolve(StoreFiles.ROTATING + ".wal.0"), new byte[100]);
        try (MapDbStore store = MapDbStore.open(Fixtures.settings(dir))) {
            assertKeptEntries(store.loadDeliveries("c"));
        }
        assertThat(leftover).doesNotExist();
    }
}
