package io.switchboard.amqp;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.router.api.SessionExecutor;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** A {@link SessionExecutor} backed by a connection's Netty event loop. */
final class EventLoopSessionExecutor implements SessionExecutor {
    private final EventLoop loop;

    EventLoopSessionExecutor(EventLoop loop) {
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
}
