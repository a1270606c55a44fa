package io.switchboard.router.api;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;
import java.util.concurrent.TimeUnit;

/**
 * A single thread that owns a session's state. A connected session runs on its channel's event loop; an
 * offline one on a router loop chosen by client id. Work for a session from elsewhere is handed over with
 * {@link #execute(Runnable)}, never guarded by locks.
 */
public interface SessionExecutor extends Executor {
    /** True when the calling thread is this executor's thread. */
    boolean inExecutor();

    /** Runs the task once after the delay; the returned handle cancels it. */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /** A scheduled task that can still be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }

    /**
     * A session executor over a single-threaded scheduled executor, such as a Netty event loop:
     * {@code SessionExecutor.of(loop, loop::inEventLoop)}. {@code inExecutor} tells whether the calling thread is
     * the executor's own thread.
     */
    static SessionExecutor of(ScheduledExecutorService executor, BooleanSupplier inExecutor) {
        return new SessionExecutor() {
            @Override
            public void execute(Runnable task) {
                executor.execute(task);
            }

            @Override
            public boolean inExecutor() {
                return inExecutor.getAsBoolean();
            }

            @Override
            public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
                ScheduledFuture<?> future = executor.schedule(task, delay, unit);
                return () -> future.cancel(false);
            }

            @Override
            public String toString() {
                return "SessionExecutor[" + executor + "]";
            }
        };
    }
}
