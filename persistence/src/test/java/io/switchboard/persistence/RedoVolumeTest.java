package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.spi.SessionRecord;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's commits are atomic through {@link RedoVolume}: a commit whose redo file is complete is finished at
 * open even if the copy into the data file was cut short, a torn redo file is ignored, and what was never
 * committed never reaches the file. (MapDB 3.1.0's own transactions never replay their WAL at open.)
 */
class RedoVolumeTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(StoreFiles.DB_FILE);
    }

    private static List<String> clientIds(StoreState s) {
        return s.loadSessions().stream().map(SessionRecord::clientId).sorted().toList();
    }

    /** Commits session "a", then 200 more sessions; returns the data file before the second commit and its redo. */
    private byte[][] twoCommits() throws Exception {
        try (StoreState s = StoreState.open(file())) {
            s.saveSession(Fixtures.session("a"));
            s.commit();
        }
        byte[] before = Files.readAllBytes(file());
        byte[] redo;
        try (StoreState s = StoreState.open(file())) {
            for (int i = 0; i < 200; i++) {
                s.saveSession(Fixtures.session("b" + i));
            }
            s.commit();
            redo = Files.readAllBytes(RedoVolume.redoPath(file()));
        }
        ByteBuffer.wrap(redo).putInt(0, RedoVolume.MAGIC); // as it was between its force and the copy
        return new byte[][] {before, redo};
    }

    @Test
    void aCommitWhoseCopyIntoTheFileWasCutShortIsCompletedAtOpen() throws Exception {
        byte[][] files = twoCommits();
        byte[] after = Files.readAllBytes(file());
        byte[] halfApplied = after.clone();
        System.arraycopy(files[0], 0, halfApplied, 0, files[0].length / 2);
        assertThat(halfApplied).isNotEqualTo(after);
        Files.write(file(), halfApplied);
        Files.write(RedoVolume.redoPath(file()), files[1]);

        try (StoreState s = StoreState.open(file())) {
            s.verifyAndIndex();
            assertThat(clientIds(s)).hasSize(201).contains("a", "b0", "b199");
        }
        assertThat(Files.exists(RedoVolume.redoPath(file()))).isFalse();
    }

    @Test
    void aTornRedoFileIsIgnoredAndTheFileKeepsTheLastWholeCommit() throws Exception {
        byte[][] files = twoCommits();
        Files.write(file(), files[0]);
        Files.write(RedoVolume.redoPath(file()), Arrays.copyOf(files[1], files[1].length - 100));

        try (StoreState s = StoreState.open(file())) {
            s.verifyAndIndex();
            assertThat(clientIds(s)).containsExactly("a");
        }
    }

    @Test
    void whatWasNeverCommittedNeverReachesTheFile() throws Exception {
        try (StoreState s = StoreState.open(file())) {
            s.saveSession(Fixtures.session("a"));
            s.commit();
            s.saveSession(Fixtures.session("uncommitted"));
            assertThat(clientIds(s)).containsExactly("a", "uncommitted");
        }
        try (StoreState s = StoreState.open(file())) {
            s.verifyAndIndex();
            assertThat(clientIds(s)).containsExactly("a");
        }
    }
}
