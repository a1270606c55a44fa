package io.switchboard.mqtt;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.switchboard.mqtt.handler.ConnectionAdmission;
import io.switchboard.mqtt.handler.MqttHandlers;
import io.switchboard.router.Router;
import io.switchboard.router.api.TrafficMetrics;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT listeners (TCP and WebSocket) of one broker. The broker module owns the event loop groups (shared
 * with other protocols) and the router.
 */
public final class MqttServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttServer.class);
    private static final int BACKLOG = 1024;

    private final MqttSettings settings;
    private final MqttHandlers handlers;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final MqttTls tls;
    private Channel tcpListener;
    private Channel websocketListener;
    private Channel tlsListener;
    private Channel secureWebsocketListener;

    public MqttServer(MqttSettings settings, Router router, EventLoopGroup bossGroup, EventLoopGroup workerGroup) {
        this(settings, MqttSecurity.NONE, router, bossGroup, workerGroup, TrafficMetrics.NONE);
    }

    public MqttServer(MqttSettings settings, Router router, EventLoopGroup bossGroup, EventLoopGroup workerGroup,
                      TrafficMetrics metrics) {
        this(settings, MqttSecurity.NONE, router, bossGroup, workerGroup, metrics);
    }

    public MqttServer(MqttSettings settings, MqttSecurity security, Router router, EventLoopGroup bossGroup,
                      EventLoopGroup workerGroup) {
        this(settings, security, router, bossGroup, workerGroup, TrafficMetrics.NONE);
    }

    public MqttServer(MqttSettings settings, MqttSecurity security, Router router, EventLoopGroup bossGroup,
                      EventLoopGroup workerGroup, TrafficMetrics metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(router, "router");
        this.handlers = new MqttHandlers(settings, router::connect, security, metrics);
        this.tls = security.tls();
        this.bossGroup = Objects.requireNonNull(bossGroup, "bossGroup");
        this.workerGroup = Objects.requireNonNull(workerGroup, "workerGroup");
    }

    /** Binds the enabled listeners; throws when a port cannot be bound. */
    public void start() throws InterruptedException {
        if (settings.port() >= 0) {
            tcpListener = bind(settings.port(), false, null, "mqtt");
            LOG.info("listener.started protocol=mqtt transport={} addr={}", transportName(),
                    tcpListener.localAddress());
        }
        if (settings.websocketPort() >= 0) {
            websocketListener = bind(settings.websocketPort(), true, null, "mqtt-ws");
            LOG.info("listener.started protocol=mqtt-ws transport={} addr={} path={}", transportName(),
                    websocketListener.localAddress(), settings.websocketPath());
        }
        if (tls != null && tls.port() >= 0) {
            tlsListener = bind(tls.port(), false, tls.contexts(), "mqtts");
            LOG.info("listener.started protocol=mqtts transport={} addr={}", transportName(),
                    tlsListener.localAddress());
        }
        if (tls != null && tls.websocketPort() >= 0) {
            secureWebsocketListener = bind(tls.websocketPort(), true, tls.contexts(), "mqtt-wss");
            LOG.info("listener.started protocol=mqtt-wss transport={} addr={} path={}", transportName(),
                    secureWebsocketListener.localAddress(), settings.websocketPath());
        }
    }

    private Channel bind(int port, boolean websocket, Supplier<SslContext> contexts, String name)
            throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(serverChannelClass())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new MqttChannelInitializer(handlers, websocket, contexts, name));
        return bootstrap.bind(settings.host(), port).sync().channel();
    }

    private boolean epoll() {
        return workerGroup instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class)
                && bossGroup instanceof IoEventLoopGroup boss && boss.isIoType(EpollIoHandler.class);
    }

    private Class<? extends ServerChannel> serverChannelClass() {
        return epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    private String transportName() {
        return epoll() ? "epoll" : "nio";
    }

    /** Connection counts and refusals of these listeners. */
    public ConnectionAdmission admission() {
        return handlers.admission();
    }

    /** The bound TCP port (useful with port 0), or -1 when disabled. */
    public int port() {
        return boundPort(tcpListener);
    }

    /** The bound WebSocket port, or -1 when disabled. */
    public int websocketPort() {
        return boundPort(websocketListener);
    }

    /** The bound MQTT over TLS port, or -1 when disabled. */
    public int tlsPort() {
        return boundPort(tlsListener);
    }

    /** The bound MQTT over secure WebSocket port, or -1 when disabled. */
    public int secureWebsocketPort() {
        return boundPort(secureWebsocketListener);
    }

    private static int boundPort(Channel listener) {
        return listener == null ? -1 : ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Stops accepting connections; connected sessions are closed by {@link Router#shutdown()}. */
    @Override
    public void close() {
        closeListener(tcpListener);
        closeListener(websocketListener);
        closeListener(tlsListener);
        closeListener(secureWebsocketListener);
    }

    private static void closeListener(Channel listener) {
        if (listener != null && listener.isOpen()) {
            listener.close().syncUninterruptibly();
            LOG.info("listener.stopped addr={}", listener.localAddress());
        }
    }
}
