package io.switchboard.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.switchboard.router.queue.Queues;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The only handler of an AMQP channel: hands bytes to the connection's proton-j pump, in one place. */
final class AmqpConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(AmqpConnectionHandler.class);

    private final AmqpSettings settings;
    private final SessionConnector connector;
    private final Queues queues;
    private final PlainAuthenticator authenticator;
    private AmqpConnection connection;

    AmqpConnectionHandler(AmqpSettings settings, SessionConnector connector, Queues queues,
                          PlainAuthenticator authenticator) {
        this.settings = settings;
        this.connector = connector;
        this.queues = queues;
        this.authenticator = authenticator;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection = new AmqpConnection(ctx.channel(), settings, connector, queues, authenticator);
        connection.start();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            connection.input(in);
        } finally {
            in.release();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        connection.writabilityChanged();
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
        if (cause instanceof IOException) {
            LOG.debug("amqp.io_error remote={} reason=\"{}\"", ctx.channel().remoteAddress(), cause.getMessage());
        } else {
            LOG.warn("amqp.internal_error remote={}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
