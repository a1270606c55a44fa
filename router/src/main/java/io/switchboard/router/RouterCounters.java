package io.switchboard.router;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** The router's counters, updated from every thread without contention. */
public final class RouterCounters implements RouterStats {
    final AtomicInteger connected = new AtomicInteger();
    final LongAdder routed = new LongAdder();
    final LongAdder droppedQueueFull = new LongAdder();
    final LongAdder droppedExpired = new LongAdder();
    final LongAdder noMatch = new LongAdder();
    final LongAdder refusedStoreFull = new LongAdder();
    final LongAdder droppedRejected = new LongAdder();
    private final IntSupplier sessions;
    private final IntSupplier subscriptions;
    private final IntSupplier retained;

    RouterCounters(IntSupplier sessions, IntSupplier subscriptions, IntSupplier retained) {
        this.sessions = sessions;
        this.subscriptions = subscriptions;
        this.retained = retained;
    }

    public void sessionConnected() {
        connected.incrementAndGet();
    }

    public void sessionDisconnected() {
        connected.decrementAndGet();
    }

    public void queueFullDrop() {
        droppedQueueFull.increment();
    }

    public void expiredDrop() {
        droppedExpired.increment();
    }

    public void rejectedDrop() {
        droppedRejected.increment();
    }

    @Override
    public int connectedSessions() {
        return connected.get();
    }

    @Override
    public int sessions() {
        return sessions.getAsInt();
    }

    @Override
    public int subscriptions() {
        return subscriptions.getAsInt();
    }

    @Override
    public int retainedMessages() {
        return retained.getAsInt();
    }

    @Override
    public long messagesRouted() {
        return routed.sum();
    }

    @Override
    public long droppedQueueFull() {
        return droppedQueueFull.sum();
    }

    @Override
    public long droppedExpired() {
        return droppedExpired.sum();
    }

    @Override
    public long noMatchingSubscribers() {
        return noMatch.sum();
    }

    @Override
    public long droppedRejected() {
        return droppedRejected.sum();
    }

    @Override
    public long refusedStoreFull() {
        return refusedStoreFull.sum();
    }
}
