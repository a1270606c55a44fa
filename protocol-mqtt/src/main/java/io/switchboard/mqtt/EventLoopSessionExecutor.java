package io.switchboard.mqtt;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.router.api.SessionExecutor;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SessionExecutor} backed by a single-threaded Netty executor: a connection's own event loop while it
 * is connected, or one of the broker's session loops while it is offline.
 */
public final class EventLoopSessionExecutor implements SessionExecutor {
    private final EventExecutor loop;

    public EventLoopSessionExecutor(EventExecutor loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public boolean inExecutor() {
        return loop.inEventLoop();
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        ScheduledFuture<?> future = loop.schedule(task, delay, unit);
        return () -> future.cancel(false);
    }

    @Override
    public String toString() {
        return "EventLoopSessionExecutor[" + loop + "]";
    }
}
