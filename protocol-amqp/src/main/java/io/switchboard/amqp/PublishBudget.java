package io.switchboard.amqp;

import io.switchboard.router.limit.MemoryBudget;
import io.switchboard.router.limit.TokenBucket;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish limits of one connection, applied to the credit its publishing links get (AMQP's way to hold a
 * producer back): credit is paid for in advance from a messages-per-second bucket, transfers are charged to a
 * bytes-per-second bucket (no credit while it is in debt), and no credit is granted while the broker is over its
 * memory budget. Buckets hold one second of burst. Not thread-safe: used on the connection's event loop.
 */
final class PublishBudget {
    private static final Logger LOG = LoggerFactory.getLogger(PublishBudget.class);

    private final Supplier<AmqpLimits> limits;
    private TokenBucket messages;
    private TokenBucket bytes;
    private int messageRate;
    private long byteRate;
    private long throttles;

    PublishBudget(Supplier<AmqpLimits> limits) {
        this.limits = limits;
    }

    /** The memory budget while it is exceeded (credit then waits for it), else null. */
    MemoryBudget exceededMemory() {
        MemoryBudget memory = limits.get().memory();
        return memory != null && memory.exceededNow() ? memory : null;
    }

    /**
     * Takes up to {@code wanted} credit out of the budget; returns how much may be granted (0 while a bucket is
     * empty or in debt: {@link #nanosUntilCredit} says when to ask again).
     */
    int grant(int wanted, String clientId) {
        refreshBuckets();
        long now = System.nanoTime();
        if (bytes != null && bytes.available(now) < 0) {
            throttled(clientId);
            return 0;
        }
        if (messages == null) {
            return wanted;
        }
        int granted = (int) Math.min(wanted, Math.floor(messages.available(now)));
        if (granted <= 0) {
            throttled(clientId);
            return 0;
        }
        messages.take(granted, now);
        return granted;
    }

    /** Charges a received message's bytes (its credit was paid when granted). */
    void transferred(long size) {
        refreshBuckets();
        if (bytes != null) {
            bytes.take(size, System.nanoTime());
        }
    }

    /** Nanoseconds until at least one more credit can be granted (0: now). */
    long nanosUntilCredit() {
        long now = System.nanoTime();
        double wait = 0;
        if (bytes != null) {
            wait = Math.max(wait, -bytes.available(now) / byteRate * 1e9);
        }
        if (messages != null) {
            wait = Math.max(wait, (1 - messages.available(now)) / messageRate * 1e9);
        }
        return (long) Math.ceil(Math.max(0, wait));
    }

    boolean limited() {
        return limits.get().limitsPublishRate();
    }

    private void refreshBuckets() {
        AmqpLimits current = limits.get();
        long now = System.nanoTime();
        if (current.publishMessagesPerSecond() != messageRate) {
            messageRate = current.publishMessagesPerSecond();
            messages = messageRate == 0 ? null : new TokenBucket(messageRate, messageRate, now);
        }
        if (current.publishBytesPerSecond() != byteRate) {
            byteRate = current.publishBytesPerSecond();
            bytes = byteRate == 0 ? null : new TokenBucket(byteRate, byteRate, now);
        }
    }

    private void throttled(String clientId) {
        if (throttles++ == 0) {
            LOG.info("publish.throttled protocol=amqp client={} reason=rate", clientId);
        }
    }
}
