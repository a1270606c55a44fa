package io.switchboard.router.limit;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker-wide memory budget. {@link #sample()} (called periodically by the broker) compares the measured use
 * with the limit: above it, {@link #exceeded()} turns true and adapters stop reading from publishers, each
 * registering how to resume with {@link #whenBelow}; once use falls to the resume mark (90% of the limit)
 * every registered publisher is resumed. Thread-safe.
 */
public final class MemoryBudget {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryBudget.class);

    private final LongSupplier used;
    private volatile long limit;
    private volatile long resumeAt;
    private final ConcurrentLinkedQueue<Runnable> paused = new ConcurrentLinkedQueue<>();
    private volatile boolean exceeded;
    private long pauses;

    /**
     * @param used       the measured use in bytes (e.g. the router's queued bytes)
     * @param limitBytes the budget
     */
    public MemoryBudget(LongSupplier used, long limitBytes) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        this.used = used;
        limit(limitBytes);
    }

    public long limit() {
        return limit;
    }

    /** The use measured now, in bytes. */
    public long used() {
        return used.getAsLong();
    }

    /** Changes the budget (a reload); takes effect at the next sample. */
    public void limit(long limitBytes) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        this.limit = limitBytes;
        this.resumeAt = limitBytes - limitBytes / 10;
    }

    /** True while publishers must not be read (as of the last sample). */
    public boolean exceeded() {
        return exceeded;
    }

    /**
     * Measures now when the last sample found room, so that a publisher is paused at the publish that crosses
     * the budget rather than up to one sampling period later (cheap: a sum over a few counter cells).
     */
    public boolean exceededNow() {
        if (!exceeded && used.getAsLong() > limit) {
            sample();
        }
        return exceeded;
    }

    /** Runs {@code resume} once the budget has room again (at once if it has now). */
    public void whenBelow(Runnable resume) {
        paused.add(resume);
        if (!exceeded) {
            resumeAll();
        }
    }

    /** Measures and updates the state; call it often (every few milliseconds). */
    public synchronized void sample() {
        long now = used.getAsLong();
        if (!exceeded && now > limit) {
            exceeded = true;
            pauses++;
            if (pauses == 1 || pauses % 100 == 0) {
                LOG.warn("memory.budget_exceeded used_bytes={} limit_bytes={} pauses_total={} (publishers are not read"
                        + " until it drains)", now, limit, pauses);
            }
        } else if (exceeded && now <= resumeAt) {
            exceeded = false;
            LOG.debug("memory.budget_recovered used_bytes={} limit_bytes={}", now, limit);
            resumeAll();
        }
    }

    private void resumeAll() {
        Runnable resume;
        while (!exceeded && (resume = paused.poll()) != null) {
            resume.run();
        }
    }
}
