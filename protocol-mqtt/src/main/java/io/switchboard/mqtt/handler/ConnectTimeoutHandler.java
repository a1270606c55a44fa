package io.switchboard.mqtt.handler;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.TrafficMetrics;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes a connection that sends nothing within the connect timeout; removes itself at the first packet. */
public final class ConnectTimeoutHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectTimeoutHandler.class);

    private final long timeoutMillis;
    private final TrafficMetrics metrics;
    private ScheduledFuture<?> timeout;

    public ConnectTimeoutHandler(long timeoutMillis, TrafficMetrics metrics) {
        this.timeoutMillis = timeoutMillis;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (timeout == null && timeoutMillis > 0) {
            timeout = ctx.executor().schedule(() -> {
                LOG.info("client.connect_timeout addr={} after_ms={}", ctx.channel().remoteAddress(), timeoutMillis);
                String listener = ctx.channel().attr(MqttPipeline.LISTENER).get();
                metrics.connectionRefused(Protocol.MQTT, listener == null ? "mqtt" : listener, "connect_timeout");
                ctx.close();
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        cancel();
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void cancel() {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }
}
