package io.switchboard.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that touches the MapDB file and the journal. Callers enqueue operations and never wait; the
 * writer applies them in order and commits in batches (a commit is the {@link Checkpointer}'s journal write and
 * force; checkpoints of the MapDB file and rotation run after the batch's barriers completed). A batch closes when it holds {@code maxBatchOps} writes, or
 * {@code maxBatchDelayNanos} after its first write, or at once when the queue is empty and the batch holds no
 * write. A {@link #sync()} barrier completes, on this thread, after the commit of the batch it falls in, so
 * it covers every operation enqueued before it.
 *
 * <p>After any failure to apply or commit, the batch is rolled back and the writer fails every later
 * barrier and read: the in-memory indexes may no longer match the file, so the store must be reopened.
 */
final class GroupCommitWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    private abstract static class Op {
    }

    private static final class Write extends Op {
        final Consumer<StoreState> action;

        Write(Consumer<StoreState> action) {
            this.action = action;
        }
    }

    private static final class Barrier extends Op {
        final CompletableFuture<Void> done = new CompletableFuture<>();
    }

    private static final class Call<T> extends Op {
        final Function<StoreState, T> function;
        final boolean mutates;
        final CompletableFuture<T> result = new CompletableFuture<>();

        Call(Function<StoreState, T> function, boolean mutates) {
            this.function = function;
            this.mutates = mutates;
        }

        void run(StoreState state) {
            result.complete(function.apply(state));
        }
    }

    private static final Op CLOSE = new Op() {
    };

    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final int maxBatchOps;
    private final long maxBatchDelayNanos;
    private final UnaryOperator<StoreState> afterCommit;
    private final Checkpointer checkpointer;
    private final long idleCheckNanos;
    private final Thread thread;
    private final List<Barrier> barriers = new ArrayList<>();
    private volatile StoreState state;
    private volatile boolean closed;
    /** Set by the writer before its last drain: whoever enqueues after that drains too, so no sync hangs. */
    private volatile boolean terminated;
    private volatile Throwable failure;
    private volatile StoreListener listener;

    private volatile long batches;
    private volatile long operations;
    private volatile long lastBatch;
    private volatile long maxBatch;
    private volatile long lastCommitNanos;
    private volatile long maxCommitNanos;
    private volatile long totalCommitNanos;

    /**
     * @param checkpointer makes each batch durable (journal) and checkpoints the file
     * @param afterCommit  runs on the writer after each commit, once its syncs completed, and when the writer
     *                     has been idle for {@code idleCheckNanos}; may return a replacement state (rotation)
     */
    GroupCommitWriter(StoreState state, int maxBatchOps, long maxBatchDelayNanos, Checkpointer checkpointer,
                      long idleCheckNanos, UnaryOperator<StoreState> afterCommit) {
        if (maxBatchOps < 1 || maxBatchDelayNanos < 0) {
            throw new IllegalArgumentException("batch of " + maxBatchOps + " ops, delay " + maxBatchDelayNanos);
        }
        this.state = state;
        this.maxBatchOps = maxBatchOps;
        this.maxBatchDelayNanos = maxBatchDelayNanos;
        this.afterCommit = afterCommit;
        this.checkpointer = checkpointer;
        this.idleCheckNanos = Math.max(idleCheckNanos, 50_000_000L);
        this.thread = new Thread(this, "switchboard-store-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void write(Consumer<StoreState> action) {
        enqueue(new Write(action));
    }

    CompletableFuture<Void> sync() {
        Barrier b = new Barrier();
        enqueue(b);
        return b.done;
    }

    /** Runs {@code function} on the writer after everything enqueued before it has been applied. */
    <T> CompletableFuture<T> call(Function<StoreState, T> function, boolean mutates) {
        Call<T> c = new Call<>(function, mutates);
        enqueue(c);
        return c.result;
    }

    private void enqueue(Op op) {
        if (closed) {
            throw new StoreFailedException("the store is closed", failure);
        }
        queue.add(op);
        if (terminated) {
            failRemaining();
        }
    }

    /** Commits what is queued, stops the thread and closes the file; waits for it. */
    void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(CLOSE);
        thread.join();
    }

    void setListener(StoreListener listener) {
        this.listener = listener;
    }

    Throwable failure() {
        return failure;
    }

    StoreStats stats(long liveBytes, long fileBytes, Checkpointer c) {
        return new StoreStats(batches, operations, lastBatch, maxBatch, lastCommitNanos, maxCommitNanos,
                totalCommitNanos, queue.size(), liveBytes, fileBytes, c.rotations(), c.journalBytes(),
                c.checkpoints(), c.maxCheckpointNanos(), c.checkpointBytes());
    }

    @Override
    public void run() {
        boolean closing = false;
        try {
            while (!closing) {
                Op op = queue.poll(idleCheckNanos, TimeUnit.NANOSECONDS);
                if (op == null) {
                    runAfterCommit();
                    continue;
                }
                int writes = 0;
                long deadline = 0;
                while (true) {
                    if (op == CLOSE) {
                        closing = true;
                        break;
                    }
                    if (apply(op)) {
                        if (writes++ == 0) {
                            deadline = System.nanoTime() + maxBatchDelayNanos;
                        }
                        if (writes >= maxBatchOps) {
                            break;
                        }
                    }
                    if (failure != null) {
                        break;
                    }
                    long remaining = deadline - System.nanoTime();
                    op = writes == 0 || remaining <= 0 ? queue.poll() : queue.poll(remaining, TimeUnit.NANOSECONDS);
                    if (op == null) {
                        break;
                    }
                }
                if (writes > 0 && failure == null) {
                    commit(writes);
                }
                completeBarriers();
                if (writes > 0) {
                    runAfterCommit();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        } catch (RuntimeException | Error e) {
            fail(e);
            throw e;
        } finally {
            completeBarriers();
            closeFile();
            failRemaining();
        }
    }

    private void completeBarriers() {
        for (Barrier b : barriers) {
            if (failure == null) {
                b.done.complete(null);
            } else {
                b.done.completeExceptionally(new StoreFailedException("store write failed", failure));
            }
        }
        barriers.clear();
    }

    /** Applies one operation; true when it was a write that the next commit must cover. */
    private boolean apply(Op op) {
        if (op instanceof Barrier b) {
            barriers.add(b);
            return false;
        }
        if (failure != null) {
            if (op instanceof Call<?> c) {
                c.result.completeExceptionally(new StoreFailedException("store write failed", failure));
            }
            return false;
        }
        try {
            if (op instanceof Write w) {
                w.action.accept(state);
                return true;
            }
            Call<?> c = (Call<?>) op;
            try {
                c.run(state);
            } catch (RuntimeException e) {
                c.result.completeExceptionally(e);
                if (c.mutates) {
                    throw e;
                }
            }
            return c.mutates;
        } catch (RuntimeException e) {
            fail(e);
            return false;
        }
    }

    private void commit(int writes) {
        long start = System.nanoTime();
        try {
            checkpointer.commit(state);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        long took = System.nanoTime() - start;
        lastCommitNanos = took;
        totalCommitNanos += took;
        if (took > maxCommitNanos) {
            maxCommitNanos = took;
        }
        lastBatch = writes;
        if (writes > maxBatch) {
            maxBatch = writes;
        }
        operations += writes;
        batches++;
        StoreListener l = listener;
        if (l != null) {
            l.committed(writes, took);
        }
    }

    /** Checkpoint and rotation (when due): after the batch's syncs completed, so they do not wait for it. */
    private void runAfterCommit() {
        if (failure != null) {
            return;
        }
        try {
            state = afterCommit.apply(state);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void fail(Throwable e) {
        if (failure != null) {
            return;
        }
        failure = e;
        LOG.error("store.failed file={} cause={}: its batch is rolled back and every later sync and read fails; "
                + "restart the broker to reopen the store from its last commit", state.file, e.toString());
        try {
            checkpointer.rollback(state);
        } catch (RuntimeException rollbackError) {
            e.addSuppressed(rollbackError);
        }
    }

    private void closeFile() {
        try {
            checkpointer.close(state, failure == null);
        } catch (RuntimeException e) {
            LOG.error("store.close-failed file={} cause={}", state.file, e.toString());
            fail(e);
        }
        try {
            state.close();
        } catch (RuntimeException e) {
            LOG.error("store.close-failed file={} cause={}", state.file, e.toString());
            fail(e);
        }
    }

    private void failRemaining() {
        closed = true;
        terminated = true;
        StoreFailedException ex = new StoreFailedException("the store is closed", failure);
        for (Op op; (op = queue.poll()) != null; ) {
            if (op instanceof Barrier b) {
                b.done.completeExceptionally(ex);
            } else if (op instanceof Call<?> c) {
                c.result.completeExceptionally(ex);
            }
        }
    }
}
