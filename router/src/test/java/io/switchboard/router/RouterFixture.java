package io.switchboard.router;

import io.switchboard.router.api.BrokerSession;
import io.switchboard.router.api.ConnectRequest;
import io.switchboard.router.api.ConnectResult;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.SubscribeOutcome;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.api.Will;
import io.switchboard.router.spi.QueueStore;
import io.switchboard.router.spi.SessionStore;
import io.switchboard.router.spi.memory.MemoryQueueStore;
import io.switchboard.router.spi.memory.MemoryRetainedStore;
import io.switchboard.router.spi.memory.MemorySessionStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A real router with in-memory stores, real single-thread executors and recording clients. */
public final class RouterFixture implements AutoCloseable {
    public final SessionStore sessionStore;
    public final MemoryRetainedStore retainedStore;
    public final Router router;
    private final List<TestExecutor> executors = new ArrayList<>();
    private final TestExecutor[] offline;

    public RouterFixture(RouterSettings settings) {
        this(settings, new MemorySessionStore(), new MemoryRetainedStore());
    }

    public RouterFixture(RouterSettings settings, SessionStore sessions, MemoryRetainedStore retained) {
        this(settings, sessions, retained, new MemoryQueueStore());
    }

    public RouterFixture(RouterSettings settings, SessionStore sessions, MemoryRetainedStore retained,
                         QueueStore queues) {
        this.sessionStore = sessions;
        this.retainedStore = retained;
        this.offline = new TestExecutor[] {executor("offline-0"), executor("offline-1")};
        Function<String, io.switchboard.router.api.SessionExecutor> pick =
                id -> offline[Math.floorMod(id.hashCode(), offline.length)];
        this.router = new Router(settings, sessions, retained, queues, pick);
    }

    public TestExecutor executor(String name) {
        TestExecutor e = new TestExecutor(name);
        executors.add(e);
        return e;
    }

    public Client connect(String clientId, boolean cleanStart, long expirySeconds) {
        return connect(clientId, cleanStart, expirySeconds, null, 65_535);
    }

    public Client connect(String clientId, boolean cleanStart, long expirySeconds, Will will, int receiveMaximum) {
        TestExecutor loop = executor("client-" + clientId);
        RecordingSink sink = new RecordingSink();
        CompletableFuture<ConnectResult> result = new CompletableFuture<>();
        ConnectRequest request = new ConnectRequest(clientId, cleanStart, expirySeconds, will, receiveMaximum,
                Protocol.MQTT, sink, loop);
        loop.run(() -> router.connect(request, r -> {
            if (!loop.inExecutor()) {
                result.completeExceptionally(new AssertionError("connect result delivered off the connection's executor"));
            }
            result.complete(r);
        }));
        try {
            ConnectResult r = result.get(5, TimeUnit.SECONDS);
            return new Client(loop, sink, r.session(), r.sessionPresent());
        } catch (Exception e) {
            throw new AssertionError("connect " + clientId, e);
        }
    }

    public static Message message(String topic, String payload, Qos qos) {
        return Message.builder(topic, payload.getBytes(StandardCharsets.UTF_8)).qos(qos).build();
    }

    @Override
    public void close() {
        executors.forEach(TestExecutor::close);
    }

    /** A connected test client: every call runs on its own executor, as an adapter's would. */
    public record Client(TestExecutor loop, RecordingSink sink, BrokerSession session, boolean sessionPresent) {
        public SubscribeOutcome subscribe(String filter, Qos qos) {
            return subscribe(filter, SubscriptionOptions.of(qos));
        }

        public SubscribeOutcome subscribe(String filter, SubscriptionOptions options) {
            return loop.call(() -> session.subscribe(filter, options));
        }

        public boolean unsubscribe(String filter) {
            return loop.call(() -> session.unsubscribe(filter));
        }

        public io.switchboard.router.api.PublishOutcome publish(Message message) {
            return loop.call(() -> session.publish(message.toBuilder().publisherId(session.clientId()).build()));
        }

        public boolean ack(int id) {
            return loop.call(() -> session.acknowledged(id));
        }

        public boolean rec(int id) {
            return loop.call(() -> session.received(id));
        }

        public void disconnect(boolean publishWill) {
            loop.run(() -> session.disconnect(publishWill));
        }
    }
}
