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
import io.netty.handler.ssl.SslContext;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.TrafficMetrics;
import io.switchboard.router.queue.Queues;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AMQP 1.0 listeners of one broker: AMQP over TCP and, when TLS is configured, AMQPS. The broker module owns
 * the event loop groups (shared with other protocols) and the router; connected sessions are closed by the
 * router's shutdown. Connection limits are checked as a connection is accepted, before any TLS or AMQP work.
 */
public final class AmqpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AmqpServer.class);
    private static final int BACKLOG = 1024;
    private static final long LOG_EVERY_NANOS = 1_000_000_000L;

    private final AmqpSettings settings;
    private final SessionConnector connector;
    private final Queues queues;
    private final AmqpSecurity security;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private Channel listener;
    private Channel tlsListener;
    private final TrafficMetrics metrics;

    /**
     * @param connector opens router sessions ({@code router::connect})
     * @param queues    the router's named queues ({@code router.queues()})
     */
    public AmqpServer(AmqpSettings settings, SessionConnector connector, Queues queues, AmqpSecurity security,
                      EventLoopGroup bossGroup, EventLoopGroup workerGroup) {
        this(settings, connector, queues, security, bossGroup, workerGroup, TrafficMetrics.NONE);
    }

    /** @param metrics where connections opened, closed and refused on the AMQP listeners are counted */
    public AmqpServer(AmqpSettings settings, SessionConnector connector, Queues queues, AmqpSecurity security,
                      EventLoopGroup bossGroup, EventLoopGroup workerGroup, TrafficMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.queues = Objects.requireNonNull(queues, "queues");
        this.security = Objects.requireNonNull(security, "security");
        this.bossGroup = Objects.requireNonNull(bossGroup, "bossGroup");
        this.workerGroup = Objects.requireNonNull(workerGroup, "workerGroup");
    }

    /** Binds the enabled listeners (port -1 disables one); throws when a port cannot be bound. */
    public void start() throws InterruptedException {
        if (settings.port() >= 0) {
            listener = bind(settings.port(), null, "amqp");
            LOG.info("listener.started protocol=amqp addr={}", listener.localAddress());
        }
        AmqpTls tls = security.tls();
        if (tls != null && tls.port() >= 0) {
            tlsListener = bind(tls.port(), tls.contexts(), "amqps");
            LOG.info("listener.started protocol=amqps addr={}", tlsListener.localAddress());
        }
    }

    private Channel bind(int port, Supplier<SslContext> tls, String name) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(serverChannelClass())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (!admit(ch, name)) {
                            return;
                        }
                        if (tls != null) {
                            ch.pipeline().addLast("tls", tls.get().newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new AmqpConnectionHandler(settings, connector, queues, security, metrics));
                    }
                });
        return bootstrap.bind(settings.host(), port).sync().channel();
    }

    /** The shared connection limits: a refused connection is reset at once (SO_LINGER 0). */
    private boolean admit(Channel channel, String name) {
        AmqpLimits limits = security.limits().get();
        String reason = security.connections().admit(name, limits.connectionsPerSecond(), limits.maxConnections());
        if (reason == null) {
            metrics.connectionOpened(Protocol.AMQP, name);
            channel.closeFuture().addListener(future -> {
                security.connections().closed(name);
                metrics.connectionClosed(Protocol.AMQP, name);
            });
            return true;
        }
        metrics.connectionRefused(Protocol.AMQP, name, reason);
        long now = System.nanoTime();
        long last = lastRefusalLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastRefusalLog.compareAndSet(last, now)) {
            LOG.warn("connection.refused listener={} reason={} addr={} refused_total={}", name, reason,
                    channel.remoteAddress(), security.connections().refusedConnections());
        }
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
        channel.close();
        return false;
    }

    private Class<? extends ServerChannel> serverChannelClass() {
        boolean epoll = workerGroup instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class)
                && bossGroup instanceof IoEventLoopGroup boss && boss.isIoType(EpollIoHandler.class);
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The bound port (useful with port 0), or -1 when disabled. */
    public int port() {
        return boundPort(listener);
    }

    /** The bound AMQPS port, or -1 when disabled. */
    public int tlsPort() {
        return boundPort(tlsListener);
    }

    private static int boundPort(Channel channel) {
        return channel == null ? -1 : ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops accepting connections. Idempotent. */
    @Override
    public void close() {
        closeListener(listener);
        closeListener(tlsListener);
    }

    private static void closeListener(Channel channel) {
        if (channel != null && channel.isOpen()) {
            channel.close().syncUninterruptibly();
            LOG.info("listener.stopped addr={}", channel.localAddress());
        }
    }
}
