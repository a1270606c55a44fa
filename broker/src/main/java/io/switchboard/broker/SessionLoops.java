package io.switchboard.broker;

import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.switchboard.router.api.SessionExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The single-threaded loops that own sessions while no client is connected. A client id always hashes onto
 * the same loop, so a session's offline work (expiry, will delay, queueing) is serialized without locks.
 */
final class SessionLoops implements AutoCloseable {
    private final DefaultEventExecutorGroup group;
    private final SessionExecutor[] executors;

    SessionLoops(int threads) {
        group = new DefaultEventExecutorGroup(threads, new DefaultThreadFactory("switchboard-session"));
        executors = new SessionExecutor[threads];
        int i = 0;
        for (EventExecutor executor : group) {
            executors[i++] = SessionExecutor.of(executor, executor::inEventLoop);
        }
    }

    /** The executor owning {@code clientId}'s session while it is offline; stable for a given client id. */
    SessionExecutor forClient(String clientId) {
        return executors[Math.floorMod(clientId.hashCode(), executors.length)];
    }

    /** One of the loops, for periodic housekeeping that needs no particular session. */
    java.util.concurrent.ScheduledExecutorService housekeeping() {
        return group.next();
    }

    int size() {
        return executors.length;
    }

    /** Starts a graceful shutdown; the returned future completes when every loop has terminated. */
    Future<?> shutdownGracefully(long quietMillis, long timeoutMillis) {
        return group.shutdownGracefully(quietMillis, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        shutdownGracefully(0, 0).awaitUninterruptibly();
    }
}
