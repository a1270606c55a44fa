package io.switchboard.mqtt;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.switchboard.router.Router;
import io.switchboard.router.RouterSettings;
import io.switchboard.router.api.SessionExecutor;
import io.switchboard.router.api.TrafficMetrics;
import io.switchboard.router.spi.memory.MemoryRetainedStore;
import io.switchboard.router.spi.memory.MemorySessionStore;
import java.util.concurrent.TimeUnit;

/**
 * A real broker for tests: a {@link Router} over the in-memory stores and an {@link MqttServer} on ephemeral
 * loopback ports (TCP and WebSocket). One per test class; close it in {@code @AfterAll}.
 */
public final class TestBroker implements AutoCloseable {
    private static final int OFFLINE_LOOPS = 2;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final EventLoopGroup offline;
    private final SessionExecutor[] offlineExecutors;
    private final Router router;
    private final MqttServer server;
    private boolean closed;

    private TestBroker(MqttSettings mqttSettings, RouterSettings routerSettings) {
        IoHandlerFactory ioFactory = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        boss = new MultiThreadIoEventLoopGroup(1, ioFactory);
        workers = new MultiThreadIoEventLoopGroup(2, ioFactory);
        offline = new MultiThreadIoEventLoopGroup(OFFLINE_LOOPS, LocalIoHandler.newFactory());
        offlineExecutors = new SessionExecutor[OFFLINE_LOOPS];
        for (int i = 0; i < OFFLINE_LOOPS; i++) {
            EventLoop loop = offline.next();
            offlineExecutors[i] = SessionExecutor.of(loop, loop::inEventLoop);
        }
        router = new Router(routerSettings, new MemorySessionStore(), new MemoryRetainedStore(),
                clientId -> offlineExecutors[Math.floorMod(clientId.hashCode(), OFFLINE_LOOPS)]);
        server = new MqttServer(mqttSettings.withPorts(0, 0), router, boss, workers, TrafficMetrics.NONE);
    }

    /** A started broker with default settings. */
    public static TestBroker start() {
        return start(MqttSettings.DEFAULTS, RouterSettings.DEFAULTS);
    }

    /** A started broker with these MQTT settings (ports are replaced by ephemeral ones). */
    public static TestBroker start(MqttSettings mqttSettings) {
        return start(mqttSettings, RouterSettings.DEFAULTS);
    }

    /** A started broker with these settings (ports are replaced by ephemeral ones). */
    public static TestBroker start(MqttSettings mqttSettings, RouterSettings routerSettings) {
        TestBroker broker = new TestBroker(mqttSettings, routerSettings);
        try {
            broker.server.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broker.close();
            throw new IllegalStateException("interrupted while binding", e);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    public int port() {
        return server.port();
    }

    public int websocketPort() {
        return server.websocketPort();
    }

    public Router router() {
        return router;
    }

    /** A new raw-bytes client connected to this broker's TCP port (nothing sent yet). */
    public RawClient raw() {
        return RawClient.connect(port());
    }

    /** Stops the listeners, shuts the router down and stops every loop; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } finally {
            try {
                router.shutdown();
            } finally {
                boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                offline.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }
}
