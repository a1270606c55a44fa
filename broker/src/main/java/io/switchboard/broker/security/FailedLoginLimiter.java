package io.switchboard.broker.security;

import io.switchboard.router.limit.TokenBucket;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed logins per source address, as token buckets: an address may fail {@code perMinute} times in a burst,
 * then once every {@code 60 / perMinute} seconds; beyond that its logins are refused without checking the
 * password (so a guesser gets nothing from trying faster). Thread-safe.
 */
final class FailedLoginLimiter {
    private static final int FORGET_ABOVE = 10_000;

    private final int perMinute;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /** @param perMinute failed logins allowed per address and minute; 0 disables the limit */
    FailedLoginLimiter(int perMinute, LongSupplier nanoClock) {
        this.perMinute = perMinute;
        this.nanoClock = nanoClock;
    }

    /** True when the address has no failures left: refuse at once. */
    boolean blocked(String address) {
        if (perMinute == 0) {
            return false;
        }
        TokenBucket bucket = buckets.get(address);
        return bucket != null && !bucket.hasAtLeast(1, nanoClock.getAsLong());
    }

    /** Counts one failure of the address. */
    void failed(String address) {
        if (perMinute == 0) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (buckets.size() > FORGET_ABOVE) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        buckets.computeIfAbsent(address, a -> new TokenBucket(perMinute / 60.0, perMinute, now))
                .tryTakeSynchronized(1, now);
    }
}
