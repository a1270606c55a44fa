package io.switchboard.router.queue;

import static io.switchboard.router.RouterFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.router.RouterFixture;
import io.switchboard.router.RouterSettings;
import io.switchboard.router.TestExecutor;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.OverflowPolicy;
import io.switchboard.router.api.PublishOutcome;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.QueueConsumer;
import io.switchboard.router.api.QueueDelivery;
import io.switchboard.router.api.QueueRef;
import io.switchboard.router.api.QueueSink;
import io.switchboard.router.api.QueueSpec;
import io.switchboard.router.spi.memory.MemoryQueueStore;
import io.switchboard.router.spi.memory.MemoryRetainedStore;
import io.switchboard.router.spi.memory.MemorySessionStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class NamedQueueTest {
    private final RouterFixture fx = new RouterFixture(RouterSettings.DEFAULTS);
    private final TestExecutor producerLoop = fx.executor("producer");

    @AfterEach
    void close() {
        fx.close();
    }

    /** A consumer on its own executor recording what it gets. */
    private final class Recorder implements QueueSink {
        final TestExecutor loop;
        final BlockingQueue<QueueDelivery> got = new LinkedBlockingQueue<>();
        final CountDownLatch drained = new CountDownLatch(1);
        final QueueConsumer consumer;

        Recorder(QueueRef queue, String name) {
            this.loop = fx.executor(name);
            this.consumer = queue.attach(this, loop);
        }

        @Override
        public void deliver(QueueDelivery delivery) {
            if (!loop.inExecutor()) {
                throw new AssertionError("delivered off the consumer's executor");
            }
            got.add(delivery);
        }

        @Override
        public void drained() {
            drained.countDown();
        }

        QueueDelivery next() throws InterruptedException {
            QueueDelivery d = got.poll(5, TimeUnit.SECONDS);
            assertThat(d).as("a delivery within 5 s").isNotNull();
            return d;
        }

        boolean quiet() throws InterruptedException {
            return got.poll(100, TimeUnit.MILLISECONDS) == null;
        }
    }

    private static String text(QueueDelivery d) {
        return new String(d.message().payload(), StandardCharsets.UTF_8);
    }

    private PublishOutcome send(QueueRef queue, Message m) throws Exception {
        CompletableFuture<PublishOutcome> done = new CompletableFuture<>();
        queue.send(m, producerLoop, done::complete);
        return done.get(5, TimeUnit.SECONDS);
    }

    @Test
    void oldestAgeFollowsTheOldestMessageReadyOrUnacknowledged() throws Exception {
        QueueRef q = fx.router.queues().declare(QueueSpec.onDemand("aged"));
        long now = System.currentTimeMillis();
        assertThat(q.oldestAgeMillis(now)).isZero();
        send(q, Message.builder("aged", new byte[1]).qos(Qos.AT_LEAST_ONCE).createdAtMillis(now - 30_000).build());
        send(q, Message.builder("aged", new byte[1]).qos(Qos.AT_LEAST_ONCE).createdAtMillis(now - 10_000).build());
        assertThat(q.oldestAgeMillis(now)).isEqualTo(30_000);

        Recorder consumer = new Recorder(q, "c");
        consumer.consumer.addCredit(1);
        QueueDelivery first = consumer.next();
        assertThat(q.oldestAgeMillis(now)).as("held by a consumer, not yet accepted").isEqualTo(30_000);
        consumer.consumer.accept(first.tag());
        await().atMost(Duration.ofSeconds(5)).until(() -> q.oldestAgeMillis(now) == 10_000);
        consumer.consumer.addCredit(1);
        consumer.consumer.accept(consumer.next().tag());
        await().atMost(Duration.ofSeconds(5)).until(() -> q.oldestAgeMillis(now) == 0);
    }

    @Test
    void creditIsHonouredExactlyAndCompetingConsumersGetNoDuplicates() throws Exception {
        QueueRef q = fx.router.queues().declare(QueueSpec.onDemand("work"));
        Recorder a = new Recorder(q, "a");
        Recorder b = new Recorder(q, "b");
        for (int i = 0; i < 20; i++) {
            assertThat(send(q, message("work", "m" + i, Qos.AT_LEAST_ONCE))).isEqualTo(PublishOutcome.ROUTED);
        }
        a.consumer.addCredit(3);
        List<QueueDelivery> fromA = List.of(a.next(), a.next(), a.next());
        assertThat(a.quiet()).isTrue();
        assertThat(fromA).extracting(NamedQueueTest::text).containsExactly("m0", "m1", "m2");

        b.consumer.addCredit(100);
        a.consumer.addCredit(100);
        Set<String> seen = new HashSet<>();
        fromA.forEach(d -> seen.add(text(d)));
        List<QueueDelivery> rest = new ArrayList<>();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            a.got.drainTo(rest);
            b.got.drainTo(rest);
            return rest.size() >= 17;
        });
        rest.forEach(d -> assertThat(seen.add(text(d))).as("no duplicate of " + text(d)).isTrue());
        assertThat(seen).hasSize(20);
        assertThat(q.depth()).isEqualTo(20); // nothing accepted yet
    }

    @Test
    void acceptRemovesReleaseRedeliversAndModifiedCountsFailures() throws Exception {
        QueueRef q = fx.router.queues().declare(QueueSpec.onDemand("work"));
        Recorder c = new Recorder(q, "c");
        send(q, message("work", "x", Qos.AT_LEAST_ONCE));
        c.consumer.addCredit(10);
        QueueDelivery first = c.next();
        assertThat(first.deliveryCount()).isZero();

        c.consumer.release(first.tag());
        QueueDelivery again = c.next();
        assertThat(text(again)).isEqualTo("x");
        assertThat(again.deliveryCount()).isZero();
        assertThat(again.tag()).isNotEqualTo(first.tag());

        c.consumer.modify(again.tag(), true, false);
        QueueDelivery third = c.next();
        assertThat(third.deliveryCount()).isEqualTo(1);

        c.consumer.accept(third.tag());
        c.consumer.accept(third.tag()); // settling twice does nothing
        await().atMost(Duration.ofSeconds(5)).until(() -> q.depth() == 0);
        assertThat(c.quiet()).isTrue();
    }

    @Test
    void undeliverableHereGoesToAnotherConsumer() throws Exception {
        QueueRef q = fx.router.queues().declare(QueueSpec.onDemand("work"));
        Recorder a = new Recorder(q, "a");
        a.consumer.addCredit(10);
        send(q, message("work", "x", Qos.AT_LEAST_ONCE));
        QueueDelivery d = a.next();
        Recorder b = new Recorder(q, "b");
        a.consumer.modify(d.tag(), false, true);
        assertThat(a.quiet()).isTrue();
        b.consumer.addCredit(1);
        assertThat(text(b.next())).isEqualTo("x");
    }

    @Test
    void rejectedMessagesGoToTheDeadLetterQueue() throws Exception {
        QueueRef q = fx.router.queues().declare(new QueueSpec("orders", false, 100, 1 << 20,
                OverflowPolicy.DROP_NEW, List.of(), "orders.dlq", false));
        Recorder c = new Recorder(q, "c");
        c.consumer.addCredit(1);
        send(q, message("orders", "bad", Qos.AT_LEAST_ONCE));
        c.consumer.reject(c.next().tag());
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.router.queues().lookup("orders.dlq") != null
                && fx.router.queues().lookup("orders.dlq").depth() == 1);
        Recorder dead = new Recorder(fx.router.queues().lookup("orders.dlq"), "dead");
        dead.consumer.addCredit(1);
        QueueDelivery d = dead.next();
        assertThat(text(d)).isEqualTo("bad");
        assertThat(d.deliveryCount()).isEqualTo(1);
    }

    @Test
    void detachReturnsUnsettledMessagesInOrder() throws Exception {
        QueueRef q = fx.router.queues().declare(QueueSpec.onDemand("work"));
        Recorder a = new Recorder(q, "a");
        a.consumer.addCredit(3);
        for (int i = 0; i < 3; i++) {
            send(q, message("work", "m" + i, Qos.AT_LEAST_ONCE));
        }
        a.next();
        a.next();
        a.next();
        a.consumer.detach();
        Recorder b = new Recorder(q, "b");
        b.consumer.addCredit(3);
        assertThat(List.of(text(b.next()), text(b.next()), text(b.next()))).containsExactly("m0", "m1", "m2");
    }

    @Test
    void boundQueueReceivesMatchingPublishesOncePerPublish() throws Exception {
        QueueRef q = fx.router.queues().declare(QueueSpec.onDemand("telemetry")
                .withBindings(List.of("sensors/#", "sensors/+/temp")));
        RouterFixture.Client pub = fx.connect("pub", true, 0);
        assertThat(pub.publish(message("sensors/1/temp", "21.5", Qos.AT_LEAST_ONCE))).isEqualTo(PublishOutcome.ROUTED);
        pub.publish(message("other/1", "no", Qos.AT_LEAST_ONCE));
        Recorder c = new Recorder(q, "c");
        c.consumer.addCredit(10);
        QueueDelivery d = c.next();
        assertThat(d.message().topic()).isEqualTo("sensors/1/temp");
        assertThat(c.quiet()).isTrue();
    }

    @Test
    void aFullQueueRefusesProducersAndWakesThemWhenThereIsRoom() throws Exception {
        QueueRef q = fx.router.queues().declare(new QueueSpec("small", false, 2, 1 << 20,
                OverflowPolicy.DROP_NEW, List.of(), null, false));
        send(q, message("small", "a", Qos.AT_LEAST_ONCE));
        send(q, message("small", "b", Qos.AT_LEAST_ONCE));
        assertThat(q.hasRoom()).isFalse();
        assertThat(send(q, message("small", "c", Qos.AT_LEAST_ONCE))).isEqualTo(PublishOutcome.QUOTA_EXCEEDED);
        CountDownLatch room = new CountDownLatch(1);
        q.whenRoom(producerLoop, room::countDown);
        assertThat(room.await(100, TimeUnit.MILLISECONDS)).isFalse();
        Recorder c = new Recorder(q, "c");
        c.consumer.addCredit(1);
        c.consumer.accept(c.next().tag());
        assertThat(room.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void drainUsesWhatIsReadyThenGivesUpCredit() throws Exception {
        QueueRef q = fx.router.queues().declare(QueueSpec.onDemand("work"));
        send(q, message("work", "only", Qos.AT_LEAST_ONCE));
        Recorder c = new Recorder(q, "c");
        c.consumer.addCredit(5);
        c.consumer.drain();
        assertThat(text(c.next())).isEqualTo("only");
        assertThat(c.drained.await(5, TimeUnit.SECONDS)).isTrue();
        send(q, message("work", "later", Qos.AT_LEAST_ONCE));
        assertThat(c.quiet()).isTrue(); // credit is gone
    }

    @Test
    void temporaryQueueIsDeletedWithItsLastConsumer() {
        QueueRef q = fx.router.queues().declare(QueueSpec.temporary("tmp-1"));
        Recorder c = new Recorder(q, "c");
        c.consumer.detach();
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.router.queues().lookup("tmp-1") == null);
    }

    @Test
    void expiredMessagesAreNotDelivered() throws Exception {
        QueueRef q = fx.router.queues().declare(QueueSpec.onDemand("work"));
        long expiry = System.currentTimeMillis() + 50;
        send(q, Message.builder("work", new byte[] {1}).qos(Qos.AT_LEAST_ONCE).expiresAtMillis(expiry).build());
        send(q, message("work", "fresh", Qos.AT_LEAST_ONCE));
        await().atMost(Duration.ofSeconds(1)).until(() -> System.currentTimeMillis() > expiry);
        Recorder c = new Recorder(q, "c");
        c.consumer.addCredit(5);
        assertThat(text(c.next())).isEqualTo("fresh");
        assertThat(c.quiet()).isTrue();
    }

    @Test
    void durableQueuesAndTheirMessagesAreRecovered() throws Exception {
        MemorySessionStore sessions = new MemorySessionStore();
        MemoryQueueStore queues = new MemoryQueueStore();
        RouterFixture first = new RouterFixture(RouterSettings.DEFAULTS, sessions, new MemoryRetainedStore(), queues);
        try {
            QueueRef q = first.router.queues().declare(QueueSpec.onDemand("jobs").withDurable(true)
                    .withBindings(List.of("jobs/#")));
            CompletableFuture<PublishOutcome> done = new CompletableFuture<>();
            q.send(message("jobs", "kept", Qos.AT_LEAST_ONCE), producerLoop, done::complete);
            done.get(5, TimeUnit.SECONDS);
            q.send(message("jobs", "volatile-qos0", Qos.AT_MOST_ONCE), producerLoop, o -> { });
        } finally {
            first.close();
        }
        RouterFixture second = new RouterFixture(RouterSettings.DEFAULTS, sessions, new MemoryRetainedStore(), queues);
        try {
            second.router.recover(Duration.ofSeconds(5));
            QueueRef q = second.router.queues().lookup("jobs");
            assertThat(q).isNotNull();
            assertThat(q.spec().bindings()).containsExactly("jobs/#");
            TestExecutor loop = second.executor("consumer");
            BlockingQueue<QueueDelivery> got = new LinkedBlockingQueue<>();
            QueueConsumer consumer = q.attach(new QueueSink() {
                @Override
                public void deliver(QueueDelivery delivery) {
                    got.add(delivery);
                }

                @Override
                public void drained() {
                }
            }, loop);
            consumer.addCredit(10);
            QueueDelivery d = got.poll(5, TimeUnit.SECONDS);
            assertThat(d).isNotNull();
            assertThat(text(d)).isEqualTo("kept");
            assertThat(got.poll(100, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            second.close();
        }
    }
}
