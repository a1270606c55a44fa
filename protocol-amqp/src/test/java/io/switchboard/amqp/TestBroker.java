package io.switchboard.amqp;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.switchboard.router.Router;
import io.switchboard.router.RouterSettings;
import io.switchboard.router.api.SessionExecutor;
import io.switchboard.router.spi.memory.MemoryRetainedStore;
import io.switchboard.router.spi.memory.MemorySessionStore;
import java.util.concurrent.TimeUnit;

/** A real router (memory stores) behind a real AMQP listener on an ephemeral loopback port. */
final class TestBroker implements AutoCloseable {
    final Router router;
    final AmqpServer server;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final DefaultEventLoopGroup offline = new DefaultEventLoopGroup(1);

    TestBroker() throws InterruptedException {
        this(AmqpSettings.DEFAULTS.withPort(0), AmqpSecurity.none());
    }

    TestBroker(AmqpSettings settings, AmqpSecurity security) throws InterruptedException {
        EventLoop loop = offline.next();
        SessionExecutor offlineExecutor = SessionExecutor.of(loop, loop::inEventLoop);
        router = new Router(RouterSettings.DEFAULTS, new MemorySessionStore(), new MemoryRetainedStore(),
                clientId -> offlineExecutor);
        server = new AmqpServer(settings, router::connect, router.queues(), security, boss, workers);
        server.start();
    }

    int port() {
        return server.port();
    }

    String uri() {
        return "amqp://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        router.shutdown();
        server.close();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        offline.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
