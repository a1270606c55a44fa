package io.switchboard.mqtt.handler;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.switchboard.mqtt.MqttLimits;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.TrafficMetrics;
import io.switchboard.router.limit.ConnectionGate;
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
    private final ConnectionGate gate;
    private final TrafficMetrics metrics;
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    /** @param gate the open-connection count and rates shared with the other protocols' listeners */
    ConnectionAdmission(Supplier<MqttLimits> limits, ConnectionGate gate, TrafficMetrics metrics) {
        this.limits = limits;
        this.gate = gate;
        this.metrics = metrics;
    }

    /** Open connections admitted on every listener (all protocols). */
    public int openConnections() {
        return gate.openConnections();
    }

    /** Connections refused so far (all protocols). */
    public long refusedConnections() {
        return gate.refusedConnections();
    }

    /** True when the channel may stay; otherwise it is reset and closed. */
    public boolean admit(Channel channel, String listener) {
        MqttLimits current = limits.get();
        String reason = gate.admit(listener, current.connectionsPerSecond(listener), current.maxConnections(),
                current.maxConnections(listener));
        if (reason != null) {
            refuse(channel, listener, reason);
            return false;
        }
        channel.closeFuture().addListener(future -> gate.closed(listener));
        return true;
    }

    private void refuse(Channel channel, String listener, String reason) {
        long total = gate.refusedConnections();
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
