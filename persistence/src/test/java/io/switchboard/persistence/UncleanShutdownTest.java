package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.api.Message;
import io.switchboard.router.spi.StoredDelivery;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory exactly as a broker killed with SIGKILL left it (found by the broker's crash test, seed
 * 7022530519082): the file plus its WAL. MapDB replays the WAL and every record verifies, but the first commit
 * after that failed with {@code PointerChecksumBroken}, so the broker refused every durable publish. Opening now
 * rewrites the live records into a fresh file when a WAL is found, and the store keeps working.
 */
@Timeout(60)
class UncleanShutdownTest {
    private static final String CLIENT = "crash-subscriber";

    @TempDir
    Path dir;

    private void unpack(String name) throws IOException {
        try (InputStream in = new GZIPInputStream(
                UncleanShutdownTest.class.getResourceAsStream("/crashed-store/" + name + ".gz"))) {
            Files.copy(in, dir.resolve(name));
        }
    }

    @Test
    void aStoreLeftWithAWalIsRewrittenAndAcceptsCommits() throws Exception {
        unpack("switchboard.db");
        unpack("switchboard.db.wal.0");
        int queued;
        try (MapDbStore store = MapDbStore.open(Fixtures.settings(dir))) {
            queued = store.loadDeliveries(CLIENT).size();
            assertThat(queued).isEqualTo(5_507);
            assertThat(store.retainedStore().loadAll()).hasSize(3);
            for (int i = 0; i < 2_000; i++) {
                Message m = Fixtures.message("crash/after", "m" + i);
                store.putDelivery(CLIENT, Fixtures.queued(100_000_000L + i, m));
                store.retainedStore().put(Message.builder("retained/" + i % 3, new byte[50]).retain(true).build());
            }
            store.sync().get(30, TimeUnit.SECONDS);
        }
        assertThat(Files.exists(dir.resolve("switchboard.db.wal.0"))).isFalse();
        try (MapDbStore reopened = MapDbStore.open(Fixtures.settings(dir))) {
            assertThat(reopened.loadDeliveries(CLIENT)).hasSize(queued + 2_000)
                    .extracting(StoredDelivery::sequence).isSorted();
        }
    }
}
