package io.switchboard.persistence;

import static io.switchboard.persistence.Fixtures.message;
import static io.switchboard.persistence.Fixtures.queued;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.router.spi.StoredDelivery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal is the durability point: what {@code sync()} acknowledged is in the journal before any checkpoint,
 * a torn tail (a write a crash cut short) is cut at open, and damage with checked records after it is refused
 * (or, with SALVAGE, cut there), never silently accepted.
 */
class JournalTest {
    private static final int SYNCED = 300;

    @TempDir
    Path dir;

    /**
     * Writes {@code SYNCED} entries with checkpoints turned off and copies the directory while the store is open,
     * as a crash would leave it: every acknowledged entry is only in the journal.
     */
    private Path crashImage() throws Exception {
        Path data = dir.resolve("data");
        Path image = dir.resolve("image");
        StoreSettings settings = Fixtures.settings(data).withCheckpointInterval(Duration.ofHours(1));
        try (MapDbStore store = MapDbStore.open(settings)) {
            for (long seq = 1; seq <= SYNCED; seq++) {
                store.putDelivery("c", queued(seq, message("t", "m" + seq)));
                if (seq % 50 == 0) {
                    store.sync().get(30, TimeUnit.SECONDS);
                }
            }
            store.removeDelivery("c", 1);
            store.sync().get(30, TimeUnit.SECONDS);
            Files.createDirectories(image);
            try (var files = Files.list(data)) {
                for (Path p : files.filter(p -> !p.getFileName().toString().equals("switchboard.lock")).toList()) {
                    Files.copy(p, image.resolve(p.getFileName()));
                }
            }
        }
        return image;
    }

    private static Path segment(Path image) throws IOException {
        List<Path> segments = Journal.segments(image);
        assertThat(segments).hasSize(1);
        assertThat(Files.size(segments.get(0))).isPositive();
        return segments.get(0);
    }

    private static void assertAllSynced(MapDbStore store) {
        List<StoredDelivery> entries = store.loadDeliveries("c");
        assertThat(entries).extracting(StoredDelivery::sequence).hasSize(SYNCED - 1).startsWith(2L).endsWith(
                (long) SYNCED);
    }

    @Test
    void acknowledgedWritesAreReplayedFromTheJournal() throws Exception {
        Path image = crashImage();
        try (MapDbStore store = MapDbStore.open(Fixtures.settings(image))) {
            assertAllSynced(store);
        }
        // The open checkpointed the replayed records: nothing is left to replay.
        assertThat(Journal.segments(image)).allSatisfy(p -> assertThat(Files.size(p)).isZero());
    }

    @Test
    void aTornTailIsCutAndEveryCheckedRecordStands() throws Exception {
        Path image = crashImage();
        Path segment = segment(image);
        // The start of one more record: a length, a sequence, then the crash.
        Files.write(segment, new byte[] {0, 0, 0, 40, 0, 0, 0, 0, 0, 0, 1}, StandardOpenOption.APPEND);
        try (MapDbStore store = MapDbStore.open(Fixtures.settings(image))) {
            assertAllSynced(store);
        }
    }

    @Test
    void aBatchCutInTheMiddleIsDroppedWholeAtOpen() throws Exception {
        Path image = crashImage();
        Path segment = segment(image);
        byte[] bytes = Files.readAllBytes(segment);
        // Drop the last 3 bytes: the last batch (the removal of entry 1 and of its body) loses its COMMIT
        // record; neither of its two removals may be applied.
        Files.write(segment, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        try (MapDbStore store = MapDbStore.open(Fixtures.settings(image))) {
            assertThat(store.loadDeliveries("c")).extracting(StoredDelivery::sequence).hasSize(SYNCED)
                    .startsWith(1L).endsWith((long) SYNCED);
        }
    }

    @Test
    void damageFollowedByCheckedRecordsIsRefusedUntouchedThenSalvagedUpToIt() throws Exception {
        Path image = crashImage();
        Path segment = segment(image);
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(segment, bytes);
        String before = sha256(segment);
        String dbBefore = sha256(image.resolve(StoreFiles.DB_FILE));

        assertThatThrownBy(() -> MapDbStore.open(Fixtures.settings(image)))
                .isInstanceOf(StoreCorruptedException.class)
                .hasMessageContaining("journal")
                .hasMessageContaining("SALVAGE");
        assertThat(sha256(segment)).isEqualTo(before);
        assertThat(sha256(image.resolve(StoreFiles.DB_FILE))).isEqualTo(dbBefore);

        try (MapDbStore store = MapDbStore.open(Fixtures.settings(image).withRecovery(RecoveryPolicy.SALVAGE))) {
            List<StoredDelivery> entries = store.loadDeliveries("c");
            assertThat(entries).isNotEmpty().hasSizeLessThan(SYNCED);
            assertThat(entries).extracting(StoredDelivery::sequence)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, entries.size()).boxed()
                            .toList());
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
