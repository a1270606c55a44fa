package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.persistence.MapDbStore;
import io.switchboard.persistence.StoreSettings;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.Qos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard backup} in-process: a copy that opens as a store, and the refusals with their exit codes. */
@Timeout(30)
class BackupCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int backup(Path dataDir, Path target) throws Exception {
        Path config = dir.resolve("backup.yaml");
        Files.writeString(config, "storage:\n  dir: " + dataDir + "\n  durability: local\n");
        StopSignal never = broker -> {
            broker.close();
            throw new AssertionError("backup must not start a broker");
        };
        return Main.execute(new String[] {"backup", "--config", config.toString(), "--to", target.toString()},
                new Launch(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), never));
    }

    @Test
    void copiesAStoreThatOpensWithItsRetainedMessage() throws Exception {
        Path data = dir.resolve("data");
        try (MapDbStore store = MapDbStore.open(StoreSettings.defaults(data))) {
            store.retainedStore().put(Message.builder("status/door", "open".getBytes(StandardCharsets.UTF_8))
                    .qos(Qos.AT_LEAST_ONCE).retain(true).build());
            store.sync().get(10, TimeUnit.SECONDS);
        }
        Path target = dir.resolve("copy");
        assertThat(backup(data, target)).as(err.toString()).isEqualTo(Main.EXIT_OK);
        assertThat(out.toString()).startsWith("backup written to " + target.resolve("switchboard.db"));
        try (MapDbStore copy = MapDbStore.open(StoreSettings.defaults(target))) {
            assertThat(copy.retainedStore().loadAll()).singleElement()
                    .satisfies(m -> assertThat(m.topic()).isEqualTo("status/door"));
        }
        assertThat(backup(data, target)).as("never overwrites a backup").isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("already holds a switchboard.db; choose an empty directory");
    }

    @Test
    void aDirectoryWithoutAStoreIsRefused() throws Exception {
        Path empty = dir.resolve("nothing");
        assertThat(backup(empty, dir.resolve("copy"))).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err.toString()).isEqualTo("backup: no store in " + empty + " (storage.dir); nothing to back up"
                + System.lineSeparator());
        assertThat(empty).doesNotExist();
    }

    @Test
    void aStoreInUseIsRefusedNamingItsOwner() throws Exception {
        Path data = dir.resolve("busy");
        try (MapDbStore running = MapDbStore.open(StoreSettings.defaults(data))) {
            assertThat(backup(data, dir.resolve("copy"))).isEqualTo(Main.EXIT_FAILURE);
            assertThat(err.toString()).startsWith("backup: data directory")
                    .contains("in use by process " + ProcessHandle.current().pid());
        }
    }
}
