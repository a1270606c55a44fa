package io.switchboard.router.limit;

/**
 * A token bucket: holds up to {@code capacity} tokens, refilled continuously at {@code ratePerSecond}; an
 * action takes tokens or is refused. Not thread-safe: confine it to one thread (a connection's event loop) or
 * guard it (see {@link #tryTakeSynchronized}).
 */
public final class TokenBucket {
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long lastNanos;

    /**
     * @param ratePerSecond tokens added per second (must be positive)
     * @param capacity      largest burst
     * @param nowNanos      the clock's current reading ({@link System#nanoTime()})
     */
    public TokenBucket(double ratePerSecond, double capacity, long nowNanos) {
        if (ratePerSecond <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("rate and capacity must be positive");
        }
        this.capacity = capacity;
        this.perNano = ratePerSecond / 1e9;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes {@code n} tokens if there are that many; false (and nothing taken) otherwise. */
    public boolean tryTake(double n, long nowNanos) {
        refill(nowNanos);
        if (tokens >= n) {
            tokens -= n;
            return true;
        }
        return false;
    }

    /** {@link #tryTake} under this bucket's monitor, for buckets shared between threads. */
    public synchronized boolean tryTakeSynchronized(double n, long nowNanos) {
        return tryTake(n, nowNanos);
    }

    /** Takes {@code n} tokens even when that leaves the bucket in debt; returns nanoseconds until it is positive. */
    public long take(double n, long nowNanos) {
        refill(nowNanos);
        tokens -= n;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
    }

    /** True when at least {@code n} tokens are available (none taken). */
    public synchronized boolean hasAtLeast(double n, long nowNanos) {
        refill(nowNanos);
        return tokens >= n;
    }

    /** The tokens available now (negative while the bucket is in debt). */
    public synchronized double available(long nowNanos) {
        refill(nowNanos);
        return tokens;
    }

    /** True when the bucket is full again (an idle bucket that can be forgotten). */
    public synchronized boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            lastNanos = nowNanos;
        }
    }
}
