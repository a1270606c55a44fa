package io.switchboard.mqtt.handler;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.switchboard.mqtt.MqttLimits;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.TrafficMetrics;
import io.switchboard.router.limit.TokenBucket;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, as a connection is accepted and before any TLS or MQTT work, whether it may stay: at most
 * {@code connections_per_second} new connections per listener (token bucket, burst of one second; a listener may
 * have its own rate), {@code max_connections} open ones in all, and a listener's own {@code max_connections}
 * open ones on that listener. A refused connection is reset at once (SO_LINGER 0), which costs
 * the broker almost nothing during a reconnect storm. Refusals are logged at most once a second, with a count.
 */
public final class ConnectionAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionAdmission.class);
    private static final long LOG_EVERY_NANOS = 1_000_000_000L;

    private final Supplier<MqttLimits> limits;
    private final TrafficMetrics metrics;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> openByListener = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RateBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    private record RateBucket(int rate, TokenBucket bucket) {
    }

    ConnectionAdmission(Supplier<MqttLimits> limits, TrafficMetrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
    }

    /** Open connections admitted on every listener. */
    public int openConnections() {
        return open.get();
    }

    /** Connections refused so far. */
    public long refusedConnections() {
        return refused.get();
    }

    /** True when the channel may stay; otherwise it is reset and closed. */
    public boolean admit(Channel channel, String listener) {
        MqttLimits current = limits.get();
        AtomicInteger openHere = openByListener.computeIfAbsent(listener, name -> new AtomicInteger());
        String reason = null;
        int max = current.maxConnections();
        int maxHere = current.maxConnections(listener);
        int rate = current.connectionsPerSecond(listener);
        if (max > 0 && open.get() >= max) {
            reason = "max_connections";
        } else if (maxHere > 0 && openHere.get() >= maxHere) {
            reason = "listener_max_connections";
        } else if (rate > 0 && !bucket(listener, rate).tryTakeSynchronized(1, System.nanoTime())) {
            reason = "connect_rate";
        }
        if (reason != null) {
            refuse(channel, listener, reason);
            return false;
        }
        open.incrementAndGet();
        openHere.incrementAndGet();
        channel.closeFuture().addListener(future -> {
            open.decrementAndGet();
            openHere.decrementAndGet();
        });
        return true;
    }

    private TokenBucket bucket(String listener, int rate) {
        RateBucket existing = buckets.get(listener);
        if (existing == null || existing.rate() != rate) {
            existing = new RateBucket(rate, new TokenBucket(rate, rate, System.nanoTime()));
            buckets.put(listener, existing);
        }
        return existing.bucket();
    }

    private void refuse(Channel channel, String listener, String reason) {
        long total = refused.incrementAndGet();
        metrics.connectionRefused(Protocol.MQTT, listener, reason);
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            LOG.warn("connection.refused listener={} reason={} addr={} refused_total={}", listener, reason,
                    channel.remoteAddress(), total);
        }
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
        channel.close();
    }
}
