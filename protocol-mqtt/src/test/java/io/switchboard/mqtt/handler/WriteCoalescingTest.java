package io.switchboard.mqtt.handler;

import static io.switchboard.mqtt.handler.Bytes.concat;
import static io.switchboard.mqtt.handler.Bytes.connect311;
import static io.switchboard.mqtt.handler.Bytes.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.switchboard.router.Router;
import io.switchboard.router.RouterSettings;
import io.switchboard.router.api.SessionExecutor;
import io.switchboard.router.api.TrafficMetrics;
import io.switchboard.router.spi.memory.MemoryRetainedStore;
import io.switchboard.router.spi.memory.MemorySessionStore;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Writes to a subscriber are flushed once per event-loop batch. Runs on a real event loop (in-VM channels),
 * because an embedded channel runs its pending tasks at every write.
 */
@Timeout(20)
class WriteCoalescingTest {
    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    private final List<AtomicInteger> flushesByConnection = new CopyOnWriteArrayList<>();
    private final Router router = new Router(RouterSettings.DEFAULTS, new MemorySessionStore(),
            new MemoryRetainedStore(), id -> {
                EventLoop next = loop.next();
                return SessionExecutor.of(next, next::inEventLoop);
            });
    private Channel server;

    @AfterEach
    void close() throws InterruptedException {
        router.shutdown();
        if (server != null) {
            server.close().sync();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** Counts flushes reaching the transport. */
    private static final class FlushCounter extends ChannelOutboundHandlerAdapter {
        private final AtomicInteger count;

        FlushCounter(AtomicInteger count) {
            this.count = count;
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            count.incrementAndGet();
            ctx.flush();
        }
    }

    /** Collects what the broker sends to one client. */
    private static final class Received extends ChannelInboundHandlerAdapter {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                synchronized (bytes) {
                    bytes.writeBytes(ByteBufUtil.getBytes(buf));
                }
            } finally {
                buf.release();
            }
        }

        int size() {
            synchronized (bytes) {
                return bytes.size();
            }
        }
    }

    /** Polls until the condition holds; fails after five seconds. */
    private void awaitTrue(BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            loopIdle();
        }
    }

    /** Waits until the event loop has run everything submitted so far. */
    private void loopIdle() throws Exception {
        loop.next().submit(() -> null).get(1, TimeUnit.SECONDS);
    }

    private Channel client(LocalAddress address, Received received) throws InterruptedException {
        return new Bootstrap().group(loop).channel(LocalChannel.class).handler(received)
                .connect(address).sync().channel();
    }

    @Test
    void threeDeliveriesFromOneReadAreFlushedOnce() throws Exception {
        LocalAddress address = new LocalAddress("mqtt-coalescing");
        MqttHandlers handlers = new MqttHandlers(ConnectedConnectionTest.SETTINGS, router::connect,
                TrafficMetrics.NONE);
        server = new ServerBootstrap().group(loop).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        AtomicInteger flushes = new AtomicInteger();
                        flushesByConnection.add(flushes);
                        ch.pipeline().addLast(new FlushCounter(flushes));
                        MqttPipeline.addMqttHandlers(ch.pipeline(), handlers);
                    }
                }).bind(address).sync().channel();

        Received toSubscriber = new Received();
        Channel subscriber = client(address, toSubscriber);
        subscriber.writeAndFlush(Unpooled.wrappedBuffer(concat(connect311(0x02, str("sub")),
                PublishFlowTest.subscribe311(1, "f", 0))));
        awaitTrue(() -> toSubscriber.size() == 4 + 5); // CONNACK, SUBACK

        Received toPublisher = new Received();
        Channel publisher = client(address, toPublisher);
        publisher.writeAndFlush(Unpooled.wrappedBuffer(connect311(0x02, str("pub"))));
        awaitTrue(() -> toPublisher.size() == 4);
        AtomicInteger subscriberFlushes = flushesByConnection.get(0);
        int before = subscriberFlushes.get();

        publisher.writeAndFlush(Unpooled.wrappedBuffer(concat(PublishFlowTest.publish311(0, "f", 0, "1"),
                PublishFlowTest.publish311(0, "f", 0, "2"), PublishFlowTest.publish311(0, "f", 0, "3"))));

        int publishBytes = 3 * PublishFlowTest.publish311(0, "f", 0, "1").length;
        awaitTrue(() -> toSubscriber.size() == 9 + publishBytes);
        assertThat(subscriberFlushes.get() - before).isEqualTo(1);
    }
}
