package io.switchboard.bench.jmh;

import io.switchboard.router.Router;
import io.switchboard.router.RouterSettings;
import io.switchboard.router.api.BrokerSession;
import io.switchboard.router.api.ConnectRequest;
import io.switchboard.router.api.Delivery;
import io.switchboard.router.api.DeliverySink;
import io.switchboard.router.api.DisconnectReason;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.SessionExecutor;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.spi.memory.MemoryQueueStore;
import io.switchboard.router.spi.memory.MemoryRetainedStore;
import io.switchboard.router.spi.memory.MemorySessionStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A session's delivery engine through the router's public API, on one thread (every executor runs tasks
 * inline, as a connection's event loop would for its own work): a QoS 1 publish to one subscriber, then the
 * subscriber's PUBACK.
 *
 * <ul>
 *   <li>{@code direct}: the subscriber's window is open, each message goes straight to the sink and is
 *       acknowledged (route, in-flight add and remove).</li>
 *   <li>{@code queued}: the subscriber's receive maximum is 1, so of a batch of {@value #BATCH} publishes one is
 *       in flight and the others are enqueued; each acknowledgement dequeues the next (enqueue + dequeue per
 *       message).</li>
 * </ul>
 * Scores are per message. The in-memory session store is used (volatile durability): the MapDB cost is the
 * persistence module's, measured by the load generator.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class SessionQueueBenchmark {
    static final int BATCH = 1000;

    @Param({"direct", "queued"})
    String window;

    private ScheduledExecutorService timers;
    private Router router;
    private BrokerSession publisher;
    private BrokerSession subscriber;
    private final LastDelivery sink = new LastDelivery();
    private final Message message = Message.builder("bench/queue", new byte[64]).qos(Qos.AT_LEAST_ONCE).build();

    /** Keeps the id of the last delivery, which the benchmark acknowledges. */
    static final class LastDelivery implements DeliverySink {
        int lastId;
        long delivered;

        @Override
        public void deliver(Delivery delivery) {
            lastId = delivery.id();
            delivered++;
        }

        @Override
        public void resendRelease(int deliveryId) {
        }

        @Override
        public void close(DisconnectReason reason) {
        }
    }

    /** Runs everything on the calling thread: the benchmark thread plays every event loop. */
    private SessionExecutor inline() {
        return new SessionExecutor() {
            @Override
            public void execute(Runnable task) {
                task.run();
            }

            @Override
            public boolean inExecutor() {
                return true;
            }

            @Override
            public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
                var future = timers.schedule(task, delay, unit);
                return () -> future.cancel(false);
            }
        };
    }

    @Setup(Level.Trial)
    public void start() {
        timers = Executors.newSingleThreadScheduledExecutor();
        SessionExecutor loop = inline();
        router = new Router(RouterSettings.DEFAULTS, new MemorySessionStore(), new MemoryRetainedStore(),
                new MemoryQueueStore(), id -> loop);
        int receiveMaximum = window.equals("queued") ? 1 : 65_535;
        subscriber = connect("sub", sink, receiveMaximum, loop);
        subscriber.subscribe("bench/#", SubscriptionOptions.of(Qos.AT_LEAST_ONCE));
        publisher = connect("pub", new LastDelivery(), 65_535, loop);
    }

    private BrokerSession connect(String clientId, DeliverySink deliveries, int receiveMaximum, SessionExecutor loop) {
        AtomicReference<BrokerSession> session = new AtomicReference<>();
        router.connect(new ConnectRequest(clientId, true, 0, null, receiveMaximum, Protocol.MQTT, deliveries, loop),
                result -> session.set(result.session()));
        if (session.get() == null) {
            throw new IllegalStateException("connect of " + clientId + " did not complete inline");
        }
        return session.get();
    }

    @TearDown(Level.Trial)
    public void stop() {
        router.shutdown();
        timers.shutdownNow();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long publishAndAcknowledge() {
        if (window.equals("direct")) {
            for (int i = 0; i < BATCH; i++) {
                publisher.publish(message);
                subscriber.acknowledged(sink.lastId);
            }
        } else {
            for (int i = 0; i < BATCH; i++) {
                publisher.publish(message); // the first is sent, the others wait in the queue
            }
            for (int i = 0; i < BATCH; i++) {
                subscriber.acknowledged(sink.lastId); // each acknowledgement sends the next queued message
            }
        }
        return sink.delivered;
    }
}
