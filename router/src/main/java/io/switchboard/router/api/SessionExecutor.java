package io.switchboard.router.api;

import java.util.concurrent.Executor;
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
}
