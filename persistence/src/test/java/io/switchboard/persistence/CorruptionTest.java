package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.Qos;
import io.switchboard.router.spi.StoredDelivery;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A damaged data file never opens as an empty store: REFUSE leaves it untouched, SALVAGE keeps what verifies. */
@Timeout(60)
class CorruptionTest {
    private static final int ENTRIES = 200;

    @TempDir
    Path dir;
    private Path dbFile;

    static byte[] payload(long seq) {
        byte[] p = new byte[3000];
        Arrays.fill(p, (byte) ('A' + seq % 26));
        byte[] tag = ("<entry-" + seq + ">").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tag, 0, p, 1500, tag.length);
        return p;
    }

    @BeforeEach
    void fill() {
        dbFile = dir.resolve(StoreFiles.DB_FILE);
        try (MapDbStore store = MapDbStore.open(Fixtures.settings(dir))) {
            store.saveSession(Fixtures.session("c"));
            for (long seq = 1; seq <= ENTRIES; seq++) {
                Message m = Message.builder("t/" + seq, payload(seq)).qos(Qos.AT_LEAST_ONCE).build();
                store.putDelivery("c", Fixtures.queued(seq, m));
            }
            store.retainedStore().put(Message.builder("r", payload(0)).build());
            store.sync().join();
        }
    }

    private MapDbStore open(RecoveryPolicy policy) {
        return MapDbStore.open(Fixtures.settings(dir).withRecovery(policy));
    }

    private static String digest(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private void assertRefusedAndUntouched() throws Exception {
        String before = digest(dbFile);
        assertThatThrownBy(() -> open(RecoveryPolicy.REFUSE))
                .isInstanceOf(StoreCorruptedException.class)
                .hasMessageContaining(dbFile.toAbsolutePath().toString())
                .hasMessageContaining("Nothing was changed")
                .hasMessageContaining("SALVAGE");
        assertThat(digest(dbFile)).isEqualTo(before);
        assertThat(asideFiles()).isEmpty();
    }

    private List<Path> asideFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(StoreFiles.DB_FILE + ".corrupt-"))
                    .toList();
        }
    }

    private static void assertEveryEntryIntact(List<StoredDelivery> entries) {
        for (StoredDelivery d : entries) {
            assertThat(d.message().payload()).isEqualTo(payload(d.sequence()));
        }
    }

    @Test
    void flippedByteInAPayloadIsRefusedThenSalvagedWithoutThatEntry() throws Exception {
        byte[] file = Files.readAllBytes(dbFile);
        byte[] tag = "<entry-77>".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(file, tag);
        assertThat(at).as("payload of entry 77 in the file").isPositive();
        try (RandomAccessFile raf = new RandomAccessFile(dbFile.toFile(), "rw")) {
            raf.seek(at + 3);
            raf.write(file[at + 3] ^ 0x40);
        }
        assertRefusedAndUntouched();

        try (MapDbStore store = open(RecoveryPolicy.SALVAGE)) {
            List<StoredDelivery> entries = store.loadDeliveries("c");
            assertThat(entries).hasSize(ENTRIES - 1);
            assertThat(entries).extracting(StoredDelivery::sequence).doesNotContain(77L);
            assertEveryEntryIntact(entries);
            assertThat(store.loadSessions()).hasSize(1);
            assertThat(store.retainedStore().loadAll()).hasSize(1);
        }
        assertThat(asideFiles()).hasSize(1);
        try (MapDbStore store = open(RecoveryPolicy.REFUSE)) {
            assertThat(store.loadDeliveries("c")).hasSize(ENTRIES - 1);
        }
    }

    @Test
    void truncatedFileIsRefusedThenSalvagedIntoAFreshFile() throws Exception {
        long size = Files.size(dbFile);
        try (RandomAccessFile raf = new RandomAccessFile(dbFile.toFile(), "rw")) {
            raf.setLength(size / 2);
        }
        assertRefusedAndUntouched();

        try (MapDbStore store = open(RecoveryPolicy.SALVAGE)) {
            List<StoredDelivery> entries = store.loadDeliveries("c");
            assertThat(entries.size()).isLessThanOrEqualTo(ENTRIES);
            assertEveryEntryIntact(entries);
        }
        assertThat(asideFiles()).singleElement().satisfies(p -> assertThat(Files.size(p)).isEqualTo(size / 2));
    }

    @Test
    void emptiedFileIsNotTakenForANewStore() throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(dbFile.toFile(), "rw")) {
            raf.setLength(0);
        }
        assertRefusedAndUntouched();
    }

    @Test
    void damagedHeaderIsRefused() throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(dbFile.toFile(), "rw")) {
            raf.seek(9);
            int b = raf.read();
            raf.seek(9);
            raf.write(b ^ 0xFF);
        }
        assertRefusedAndUntouched();
    }

    @Test
    void unknownFormatVersionIsRefusedWhateverThePolicy() throws Exception {
        try (StoreState raw = StoreState.open(dbFile)) {
            raw.meta.put(StoreState.FORMAT_KEY, "99");
            raw.commit();
        }
        for (RecoveryPolicy policy : RecoveryPolicy.values()) {
            assertThatThrownBy(() -> open(policy))
                    .isInstanceOf(StoreFormatException.class)
                    .hasMessageContaining("format version 99")
                    .hasMessageContaining("reads version " + StoreState.FORMAT_VERSION);
        }
        assertThat(asideFiles()).isEmpty();
    }

    @Test
    void garbageWriteAheadLogOfAnUnfinishedCommitLosesNothingCommitted() throws Exception {
        byte[] junk = new byte[64 * 1024];
        new Random(42).nextBytes(junk);
        Files.write(dir.resolve(StoreFiles.DB_FILE + ".wal.0"), junk);
        try (MapDbStore store = open(RecoveryPolicy.REFUSE)) {
            List<StoredDelivery> entries = store.loadDeliveries("c");
            assertThat(entries).hasSize(ENTRIES);
            assertEveryEntryIntact(entries);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
