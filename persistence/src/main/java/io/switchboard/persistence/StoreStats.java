package io.switchboard.persistence;

/**
 * Counters of the group-commit writer, read without locking (each value is individually current).
 *
 * @param batchesCommitted commits done
 * @param operations       write operations applied in those commits
 * @param lastBatchSize    write operations in the last commit
 * @param maxBatchSize     largest commit so far
 * @param lastCommitNanos  duration of the last commit (the journal write and its force)
 * @param maxCommitNanos   longest commit so far
 * @param totalCommitNanos sum of all commit durations
 * @param queuedOperations operations waiting for the writer (writes, syncs and reads)
 * @param liveBytes        estimated bytes of live data, the figure compared with the size limit
 * @param fileBytes        current size of the data file on disk
 * @param rotations        times the data file was rewritten to drop dead space
 * @param journalBytes     bytes appended to the journal
 * @param checkpoints      times the MapDB file was committed as a checkpoint of the journal
 * @param maxCheckpointNanos longest checkpoint so far
 * @param checkpointBytes  bytes written to the redo file by checkpoints (the same again reach the data file)
 */
public record StoreStats(
        long batchesCommitted,
        long operations,
        long lastBatchSize,
        long maxBatchSize,
        long lastCommitNanos,
        long maxCommitNanos,
        long totalCommitNanos,
        long queuedOperations,
        long liveBytes,
        long fileBytes,
        long rotations,
        long journalBytes,
        long checkpoints,
        long maxCheckpointNanos,
        long checkpointBytes) {

    public double averageBatchSize() {
        return batchesCommitted == 0 ? 0 : (double) operations / batchesCommitted;
    }

    public double averageCommitMicros() {
        return batchesCommitted == 0 ? 0 : totalCommitNanos / 1000.0 / batchesCommitted;
    }
}
