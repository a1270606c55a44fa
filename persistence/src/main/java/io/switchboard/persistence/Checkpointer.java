package io.switchboard.persistence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the writer does to make a batch durable and to keep the journal short, on the writer thread: each batch's
 * records are appended to the {@link Journal} and forced (the acknowledgement point); the MapDB file is committed
 * as a checkpoint when {@code checkpointInterval} has passed since the last one, or when the journal or the
 * uncommitted pages have grown past {@link #MAX_JOURNAL_BYTES} / {@link #MAX_DIRTY_PAGES}; after a checkpoint the
 * journal starts a new segment and the file may be rotated.
 */
final class Checkpointer {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    /** Journal bytes after which a checkpoint is due whatever the interval. */
    static final long MAX_JOURNAL_BYTES = 64L << 20;
    /** Uncommitted 4 KiB pages (held in memory) after which a checkpoint is due: 64 MiB. */
    static final int MAX_DIRTY_PAGES = 16_384;

    private final StoreOpener opener;
    private final Journal journal;
    private final JournalBatch batch;
    private final long intervalNanos;
    private long lastCheckpointAt = System.nanoTime();
    private long checkpointedSequence;

    private volatile long checkpoints;
    private volatile long lastCheckpointNanos;
    private volatile long maxCheckpointNanos;
    private volatile long checkpointBytes;
    private volatile long rotations;
    /** The live data after the last commit, published before the batch's syncs complete. */
    private volatile long liveBytes;
    private volatile StoreListener listener;

    Checkpointer(StoreOpener opener, StoreState state, long intervalNanos) {
        this.opener = opener;
        this.intervalNanos = intervalNanos;
        this.checkpointedSequence = state.checkpointSequence();
        this.batch = new JournalBatch(checkpointedSequence + 1);
        this.journal = Journal.start(opener.dataDir(), checkpointedSequence + 1);
        state.attachJournal(batch);
        this.liveBytes = state.liveBytes();
    }

    /** Appends the batch's records to the journal and forces them; returns the bytes written. */
    long commit(StoreState state) {
        batch.commitMarker();
        long bytes = journal.append(batch);
        batch.clear();
        liveBytes = state.liveBytes();
        return bytes;
    }

    void setListener(StoreListener listener) {
        this.listener = listener;
    }

    long liveBytes() {
        return liveBytes;
    }

    /** Forgets the records of a batch that failed (the maps are rolled back with it). */
    void rollback(StoreState state) {
        batch.clear();
        state.rollback();
    }

    boolean checkpointDue(StoreState state) {
        if (batch.nextSequence() - 1 == checkpointedSequence) {
            return false;
        }
        return System.nanoTime() - lastCheckpointAt >= intervalNanos || journal.segmentBytes() >= MAX_JOURNAL_BYTES
                || state.dirtyPages() >= MAX_DIRTY_PAGES;
    }

    /** Checkpoints when due, then rotates the file when that is due; returns the state to continue with. */
    StoreState afterCommit(StoreState state) {
        if (!checkpointDue(state)) {
            return state;
        }
        checkpoint(state);
        StoreState next = opener.rotateIfDue(state);
        if (next != state) {
            rotations++;
            next.attachJournal(batch);
            liveBytes = next.liveBytes();
        }
        return next;
    }

    /** Commits the MapDB file as covering every journal record so far, and starts a new journal segment. */
    void checkpoint(StoreState state) {
        if (batch.size() > 0) {
            commit(state);
        }
        long last = batch.nextSequence() - 1;
        long started = System.nanoTime();
        long redoBefore = state.volume.redoBytes();
        state.checkpoint(last);
        journal.roll(last + 1);
        long took = System.nanoTime() - started;
        checkpointedSequence = last;
        lastCheckpointAt = System.nanoTime();
        lastCheckpointNanos = took;
        maxCheckpointNanos = Math.max(maxCheckpointNanos, took);
        checkpointBytes += state.volume.redoBytes() - redoBefore;
        checkpoints++;
        LOG.debug("store.checkpoint sequence={} millis={}", last, took / 1_000_000);
        StoreListener l = listener;
        if (l != null) {
            l.checkpointed(took);
        }
    }

    /** At a clean close: a last checkpoint, so that the next open replays nothing; then the journal closes. */
    void close(StoreState state, boolean healthy) {
        try {
            if (healthy && !state.db.isClosed()) {
                checkpoint(state);
            }
        } finally {
            journal.close();
        }
    }

    long journalBytes() {
        return journal.bytesWritten();
    }

    long checkpoints() {
        return checkpoints;
    }

    long lastCheckpointNanos() {
        return lastCheckpointNanos;
    }

    long maxCheckpointNanos() {
        return maxCheckpointNanos;
    }

    long checkpointBytes() {
        return checkpointBytes;
    }

    long rotations() {
        return rotations;
    }
}
