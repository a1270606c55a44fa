package io.switchboard.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.switchboard.router.api.TrafficMetrics;
import io.switchboard.router.queue.Queues;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an AMQP channel (after the TLS handler on AMQPS): hands bytes to the connection's proton-j
 * pump, in one place. On AMQPS the connection starts once the TLS handshake succeeded, so that SASL knows the
 * client's certificate.
 */
final class AmqpConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(AmqpConnectionHandler.class);

    private final AmqpSettings settings;
    private final SessionConnector connector;
    private final Queues queues;
    private final AmqpSecurity security;
    private AmqpConnection connection;

    private final TrafficMetrics metrics;

    AmqpConnectionHandler(AmqpSettings settings, SessionConnector connector, Queues queues, AmqpSecurity security,
                          TrafficMetrics metrics) {
        this.metrics = metrics;
        this.settings = settings;
        this.connector = connector;
        this.queues = queues;
        this.security = security;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.pipeline().get(SslHandler.class) == null) {
            startConnection(ctx);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                startConnection(ctx);
            } else {
                LOG.info("tls.handshake_failed protocol=amqp addr={} reason=\"{}\"", ctx.channel().remoteAddress(),
                        handshake.cause().getMessage());
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    private void startConnection(ChannelHandlerContext ctx) {
        connection = new AmqpConnection(ctx.channel(), settings, connector, queues, security, metrics);
        connection.start();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (connection != null) {
                connection.input(in);
            }
        } finally {
            in.release();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.channelClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof DecoderException) {
            // a reset connection, or a TLS record that does not decrypt: the client's problem, one debug line
            LOG.debug("amqp.io_error remote={} reason=\"{}\"", ctx.channel().remoteAddress(), cause.getMessage());
        } else {
            LOG.warn("amqp.internal_error remote={}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
