package io.switchboard.amqp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.switchboard.router.queue.Queues;
import java.net.InetSocketAddress;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AMQP 1.0 listener of one broker. The broker module owns the event loop groups (shared with other
 * protocols) and the router; connected sessions are closed by the router's shutdown.
 */
public final class AmqpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AmqpServer.class);
    private static final int BACKLOG = 1024;

    private final AmqpSettings settings;
    private final SessionConnector connector;
    private final Queues queues;
    private final PlainAuthenticator authenticator;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private Channel listener;

    /**
     * @param connector opens router sessions ({@code router::connect})
     * @param queues    the router's named queues ({@code router.queues()})
     */
    public AmqpServer(AmqpSettings settings, SessionConnector connector, Queues queues,
                      PlainAuthenticator authenticator, EventLoopGroup bossGroup, EventLoopGroup workerGroup) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.queues = Objects.requireNonNull(queues, "queues");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.bossGroup = Objects.requireNonNull(bossGroup, "bossGroup");
        this.workerGroup = Objects.requireNonNull(workerGroup, "workerGroup");
    }

    /** Binds the listener unless disabled (port -1); throws when the port cannot be bound. */
    public void start() throws InterruptedException {
        if (settings.port() < 0) {
            return;
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(serverChannelClass())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new AmqpConnectionHandler(settings, connector, queues, authenticator));
                    }
                });
        listener = bootstrap.bind(settings.host(), settings.port()).sync().channel();
        LOG.info("listener.started protocol=amqp addr={}", listener.localAddress());
    }

    private Class<? extends ServerChannel> serverChannelClass() {
        boolean epoll = workerGroup instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class)
                && bossGroup instanceof IoEventLoopGroup boss && boss.isIoType(EpollIoHandler.class);
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The bound port (useful with port 0), or -1 when disabled. */
    public int port() {
        return listener == null ? -1 : ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Stops accepting connections. Idempotent. */
    @Override
    public void close() {
        if (listener != null && listener.isOpen()) {
            listener.close().syncUninterruptibly();
            LOG.info("listener.stopped addr={}", listener.localAddress());
        }
    }
}
