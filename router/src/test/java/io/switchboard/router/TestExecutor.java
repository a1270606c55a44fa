package io.switchboard.router;

import io.switchboard.router.api.SessionExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A real single-thread {@link SessionExecutor} for router tests (the broker uses Netty event loops). */
public final class TestExecutor implements SessionExecutor, AutoCloseable {
    private final ScheduledExecutorService delegate;
    private volatile Thread thread;

    public TestExecutor(String name) {
        this.delegate = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    @Override
    public boolean inExecutor() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void execute(Runnable command) {
        delegate.execute(command);
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        ScheduledFuture<?> f = delegate.schedule(task, delay, unit);
        return () -> f.cancel(false);
    }

    /** Runs the callable on this executor and waits for its result (5 s at most). */
    public <T> T call(Callable<T> callable) {
        try {
            return delegate.submit(callable).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("executor task timed out", e);
        }
    }

    /** Runs the task on this executor and waits for it. */
    public void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    @Override
    public void close() {
        delegate.shutdownNow();
    }
}
