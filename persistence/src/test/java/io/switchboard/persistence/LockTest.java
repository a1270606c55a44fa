package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class LockTest {
    @TempDir
    Path dir;

    @Test
    void secondOpenerInTheSameProcessIsRefusedWithThePid() {
        Path data = dir.resolve("data");
        try (MapDbStore first = MapDbStore.open(StoreSettings.defaults(data))) {
            assertThatThrownBy(() -> MapDbStore.open(StoreSettings.defaults(data)))
                    .isInstanceOf(StoreLockedException.class)
                    .hasMessageContaining("in use by process " + ProcessHandle.current().pid())
                    .hasMessageContaining(DataDirLock.FILE_NAME);
            first.sync().join();
        }
        try (MapDbStore again = MapDbStore.open(StoreSettings.defaults(data))) {
            assertThat(again.loadSessions()).isEmpty();
        }
    }

    @Test
    void lockFileHoldsTheOwnersPid() throws Exception {
        try (MapDbStore store = MapDbStore.open(StoreSettings.defaults(dir))) {
            String pid = Files.readString(dir.resolve(DataDirLock.FILE_NAME), StandardCharsets.US_ASCII).trim();
            assertThat(pid).isEqualTo(Long.toString(ProcessHandle.current().pid()));
            store.sync().join();
        }
    }

    @Test
    void anotherProcessIsRefusedAndAKilledOwnerLeavesNoBlockingLock() throws Exception {
        Path data = dir.resolve("data");
        Process child = ChildProcess.start("hold", data, dir.resolve("child.err"));
        try {
            BufferedReader out = ChildProcess.stdout(child);
            String line = out.readLine();
            assertThat(line).as("child stderr: %s", dir.resolve("child.err")).startsWith("OPEN ");
            String childPid = line.substring("OPEN ".length());
            assertThat(childPid).isEqualTo(Long.toString(child.pid()));
            assertThatThrownBy(() -> MapDbStore.open(StoreSettings.defaults(data)))
                    .isInstanceOf(StoreLockedException.class)
                    .hasMessageContaining("in use by process " + childPid);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (MapDbStore store = MapDbStore.open(StoreSettings.defaults(data))) {
            assertThat(Files.readString(data.resolve(DataDirLock.FILE_NAME)).trim())
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));
            store.sync().join();
        }
    }
}
