package io.switchboard.mqtt.handler;

import io.switchboard.mqtt.MqttLimits;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.limit.MemoryBudget;
import io.switchboard.router.limit.TokenBucket;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publish rate limits per client (token buckets in messages and payload bytes per second, burst of one second)
 * and the memory budget: both stop reading the client's socket, or, by policy, disconnect it.
 */
final class PublishRate {
    private static final Logger LOG = LoggerFactory.getLogger(PublishRate.class);

    private PublishRate() {
    }

    /**
     * Counts one publish of {@code bytes} against the client's rates. Over a rate: disconnects by policy (MQTT 5
     * DISCONNECT 0x96; the publish is counted as dropped, reason rate_limited), else pauses reading the socket
     * until the buckets are positive again.
     */
    static void check(Connection c, MqttLimits limits, int bytes) {
        long now = System.nanoTime();
        long messageRate = limits.publishMessagesPerSecond();
        if (c.publishMessagesRate != messageRate) {
            c.publishMessagesRate = messageRate;
            c.publishMessages = messageRate > 0 ? new TokenBucket(messageRate, messageRate, now) : null;
        }
        long byteRate = limits.publishBytesPerSecond();
        if (c.publishBytesRate != byteRate) {
            c.publishBytesRate = byteRate;
            c.publishBytes = byteRate > 0 ? new TokenBucket(byteRate, byteRate, now) : null;
        }
        if (limits.disconnectOnRateExceeded()) {
            boolean messagesOk = c.publishMessages == null || c.publishMessages.tryTake(1, now);
            boolean bytesOk = c.publishBytes == null || c.publishBytes.tryTake(bytes, now);
            if (!messagesOk || !bytesOk) {
                c.metrics.deliveryDropped(Protocol.MQTT, "rate_limited");
                throw ProtocolViolation.disconnect(PublishHandler.MESSAGE_RATE_TOO_HIGH, "publish rate over "
                        + limits.publishMessagesPerSecond() + " messages/s or " + limits.publishBytesPerSecond()
                        + " bytes/s");
            }
            return;
        }
        long wait = 0;
        if (c.publishMessages != null) {
            wait = c.publishMessages.take(1, now);
        }
        if (c.publishBytes != null) {
            wait = Math.max(wait, c.publishBytes.take(bytes, now));
        }
        if (wait > 0 && !c.readingPaused(Connection.PAUSE_PUBLISH_RATE)) {
            if (c.throttles++ == 0) {
                LOG.info("publish.throttled id={} addr={} pause_ms={}", c.clientId, c.remoteAddress(),
                        TimeUnit.NANOSECONDS.toMillis(wait));
            }
            c.pauseReading(Connection.PAUSE_PUBLISH_RATE);
            c.ctx.executor().schedule(() -> c.resumeReading(Connection.PAUSE_PUBLISH_RATE), wait,
                    TimeUnit.NANOSECONDS);
        }
    }

    /** The broker is over its memory budget: this publisher is not read until the budget has room again. */
    static void pauseForMemory(Connection c, MemoryBudget memory) {
        if (c.readingPaused(Connection.PAUSE_MEMORY)) {
            return;
        }
        c.pauseReading(Connection.PAUSE_MEMORY);
        memory.whenBelow(() -> c.ctx.executor().execute(() -> c.resumeReading(Connection.PAUSE_MEMORY)));
    }
}
