package io.switchboard.router.limit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection limits every protocol listener shares: at most {@code maxConnections} open connections over
 * all listeners (MQTT and AMQP together) and at most {@code connectionsPerSecond} new ones per listener (token
 * bucket, burst of one second). Adapters ask it as a connection is accepted, before any TLS or protocol work,
 * and reset the refused ones themselves. Thread-safe.
 */
public final class ConnectionGate {
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final ConcurrentHashMap<String, RateBucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> openByListener = new ConcurrentHashMap<>();

    private record RateBucket(int rate, TokenBucket bucket) {
    }

    /**
     * Admits one new connection on {@code listener}: null when it may stay (then {@link #closed()} must be called
     * once it closes), else the reason it is refused ({@code max_connections} or {@code connect_rate}).
     *
     * @param connectionsPerSecond 0 for no rate limit
     * @param maxConnections       0 for no limit
     */
    public String admit(String listener, int connectionsPerSecond, int maxConnections) {
        return admit(listener, connectionsPerSecond, maxConnections, 0);
    }

    /**
     * As {@link #admit(String, int, int)}, with a limit of open connections on this listener too (0: none),
     * refused as {@code listener_max_connections}; call {@link #closed(String)} when an admitted one closes.
     */
    public String admit(String listener, int connectionsPerSecond, int maxConnections, int maxOnListener) {
        AtomicInteger openHere = openByListener.computeIfAbsent(listener, name -> new AtomicInteger());
        String reason = null;
        if (maxConnections > 0 && open.get() >= maxConnections) {
            reason = "max_connections";
        } else if (maxOnListener > 0 && openHere.get() >= maxOnListener) {
            reason = "listener_max_connections";
        } else if (connectionsPerSecond > 0 && !bucket(listener, connectionsPerSecond)
                .tryTakeSynchronized(1, System.nanoTime())) {
            reason = "connect_rate";
        }
        if (reason != null) {
            refused.incrementAndGet();
            return reason;
        }
        open.incrementAndGet();
        openHere.incrementAndGet();
        return null;
    }

    /** A connection admitted on {@code listener} closed. */
    public void closed(String listener) {
        open.decrementAndGet();
        AtomicInteger openHere = openByListener.get(listener);
        if (openHere != null) {
            openHere.decrementAndGet();
        }
    }

    /** Open connections admitted on every listener. */
    public int openConnections() {
        return open.get();
    }

    /** Connections refused so far, on every listener. */
    public long refusedConnections() {
        return refused.get();
    }

    private TokenBucket bucket(String listener, int rate) {
        RateBucket existing = buckets.get(listener);
        if (existing == null || existing.rate() != rate) {
            RateBucket fresh = new RateBucket(rate, new TokenBucket(rate, rate, System.nanoTime()));
            existing = buckets.merge(listener, fresh, (old, neu) -> old.rate() == rate ? old : neu);
        }
        return existing.bucket();
    }
}
