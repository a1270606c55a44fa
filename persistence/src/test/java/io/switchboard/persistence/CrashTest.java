package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.api.Message;
import io.switchboard.router.spi.StoredDelivery;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kill -9} of a writing JVM at three different moments: every sequence whose {@code sync()} completion
 * the child reported must be in the store after reopening, in order, with its shared body.
 */
class CrashTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "kill after sync of seq >= {0}")
    @ValueSource(longs = {50, 1_500, 6_000})
    @Timeout(150)
    void everyReportedSyncSurvivesKillDashNine(long killAfter) throws Exception {
        Path data = dir.resolve("data");
        long reported = runAndKill(data, killAfter);
        assertThat(reported).isGreaterThanOrEqualTo(killAfter);

        try (MapDbStore store = MapDbStore.open(StoreSettings.defaults(data))) {
            List<StoredDelivery> entries = store.loadDeliveries(StoreChild.CLIENT);
            List<StoredDelivery> mirror = store.loadDeliveries(StoreChild.MIRROR);
            assertThat(entries.size()).isGreaterThanOrEqualTo((int) reported);
            for (int i = 0; i < entries.size(); i++) {
                StoredDelivery d = entries.get(i);
                assertThat(d.sequence()).isEqualTo(i + 1);
                Message expected = StoreChild.messageFor(d.sequence());
                assertThat(d.message().payload()).isEqualTo(expected.payload());
            }
            assertThat(mirror.size()).isGreaterThanOrEqualTo((int) reported);
            assertThat(mirror.get((int) reported - 1).message()).isSameAs(entries.get((int) reported - 1).message());
            assertThat(store.loadInboundQos2(StoreChild.CLIENT)).hasSizeGreaterThanOrEqualTo(
                    (int) Math.min(reported, 65535));
            assertThat(store.retainedStore().loadAll()).hasSize(10);
        }
    }

    @ParameterizedTest(name = "kill a rotating writer after {0} rotations")
    @ValueSource(ints = {2, 5})
    @Timeout(150)
    void killDuringRotationChurnLosesNothingReported(int rotations) throws Exception {
        Path data = dir.resolve("data");
        long[] last = new long[2];
        Process child = ChildProcess.start("churn", data, dir.resolve("child.err"));
        boolean killed = false;
        try (BufferedReader out = ChildProcess.stdout(child)) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts.length != 3 || !parts[0].equals("SYNCED") || !parts[2].startsWith("rotations=")) {
                    continue;
                }
                last[0] = Math.max(last[0], Long.parseLong(parts[1]));
                last[1] = Math.max(last[1], Long.parseLong(parts[2].substring("rotations=".length())));
                if (last[1] >= rotations && !killed) {
                    killed = true;
                    killDashNine(child.pid());
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(last[1]).isGreaterThanOrEqualTo(rotations);

        try (MapDbStore store = MapDbStore.open(StoreSettings.defaults(data))) {
            List<StoredDelivery> entries = store.loadDeliveries(StoreChild.CLIENT);
            long newest = entries.get(entries.size() - 1).sequence();
            assertThat(newest).isGreaterThanOrEqualTo(last[0]);
            assertThat(entries.size()).isBetween(StoreChild.CHURN_KEPT, StoreChild.CHURN_KEPT + 1);
            for (int i = 0; i < entries.size(); i++) {
                StoredDelivery d = entries.get(i);
                assertThat(d.sequence()).isEqualTo(newest - entries.size() + 1 + i);
                assertThat(d.message().payload()).isEqualTo(StoreChild.churnMessage(d.sequence()).payload());
            }
            assertThat(Fixtures.bodies(store)).isEqualTo(entries.size());
        }
    }

    @Test
    @Timeout(150)
    void killBetweenJournalForceAndCheckpointLosesNothing() throws Exception {
        Path data = dir.resolve("data");
        long reported = runAndKill(data, 2_000, "write-journal-only");
        long journalBytes;
        try (var files = java.nio.file.Files.list(data)) {
            journalBytes = files.filter(p -> p.getFileName().toString().startsWith(Journal.PREFIX))
                    .mapToLong(StoreFiles::size).sum();
        }
        assertThat(journalBytes).as("acknowledged records only in the journal").isPositive();
        try (MapDbStore store = MapDbStore.open(StoreSettings.defaults(data))) {
            List<StoredDelivery> entries = store.loadDeliveries(StoreChild.CLIENT);
            assertThat(entries.size()).isGreaterThanOrEqualTo((int) reported);
            for (int i = 0; i < entries.size(); i++) {
                assertThat(entries.get(i).sequence()).isEqualTo(i + 1);
                assertThat(entries.get(i).message().payload())
                        .isEqualTo(StoreChild.messageFor(i + 1).payload());
            }
            assertThat(store.loadDeliveries(StoreChild.MIRROR).get((int) reported - 1).message())
                    .isSameAs(entries.get((int) reported - 1).message());
            assertThat(store.retainedStore().loadAll()).hasSize(10);
        }
    }

    private long runAndKill(Path data, long killAfter) throws IOException, InterruptedException {
        return runAndKill(data, killAfter, "write");
    }

    /** Starts the writer, kills it once it reported a sync at or past {@code killAfter}; returns the last one. */
    static long runAndKill(Path data, long killAfter, String mode) throws IOException, InterruptedException {
        Process child = ChildProcess.start(mode, data, data.resolveSibling("child.err"));
        long last = 0;
        boolean killed = false;
        try (BufferedReader out = ChildProcess.stdout(child)) {
            String line;
            while ((line = out.readLine()) != null) {
                last = Math.max(last, parse(line));
                if (last >= killAfter && !killed) {
                    killed = true;
                    killDashNine(child.pid());
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        return last;
    }

    /** A real {@code kill -9}: unlike {@code destroyForcibly()} it leaves our end of the pipes open to drain. */
    private static void killDashNine(long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private static long parse(String line) {
        if (!line.startsWith("SYNCED ")) {
            return 0;
        }
        try {
            return Long.parseLong(line.substring("SYNCED ".length()));
        } catch (NumberFormatException torn) {
            return 0;
        }
    }
}
