package io.switchboard.router;

import static io.switchboard.router.RouterFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.RouterFixture.Client;
import io.switchboard.router.api.Durability;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.PublishOutcome;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.TopicFilter;
import io.switchboard.router.spi.SessionRecord;
import io.switchboard.router.spi.SessionStore;
import io.switchboard.router.spi.StoredDelivery;
import io.switchboard.router.spi.memory.MemoryRetainedStore;
import io.switchboard.router.spi.memory.MemorySessionStore;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The acknowledgement of a durable publish waits for every destination's writes and the commit after them. */
@Timeout(30)
class PublishAckTest {
    private final GatedStore store = new GatedStore();
    private final RouterFixture fx = new RouterFixture(
            RouterSettings.DEFAULTS.withDurability(new DurabilityPolicy(Durability.VOLATILE,
                    List.of(new DurabilityPolicy.Rule(TopicFilter.parse("durable/#"), Durability.LOCAL)))),
            store, new MemoryRetainedStore());

    @AfterEach
    void close() {
        fx.close();
    }

    private CompletableFuture<PublishOutcome> publish(Client pub, Message message) {
        CompletableFuture<PublishOutcome> acked = new CompletableFuture<>();
        pub.loop().run(() -> pub.session().publish(message, outcome -> {
            if (!pub.loop().inExecutor()) {
                acked.completeExceptionally(new AssertionError("acknowledged off the publisher's executor"));
            }
            acked.complete(outcome);
        }));
        return acked;
    }

    @Test
    void durableAckWaitsForTheCommitThatHoldsEveryQueueEntry() throws Exception {
        Client a = fx.connect("a", true, 3600);
        a.subscribe("durable/#", Qos.AT_LEAST_ONCE);
        a.disconnect(false);
        Client b = fx.connect("b", true, 3600);
        b.subscribe("durable/+", Qos.EXACTLY_ONCE);
        b.disconnect(false);
        Client pub = fx.connect("pub", true, 0);

        store.holdCommits();
        CompletableFuture<PublishOutcome> acked = publish(pub, message("durable/1", "x", Qos.AT_LEAST_ONCE));
        // both offline sessions take the message in on their own executors, then the commit is awaited
        store.awaitSyncRequested();
        assertThat(store.deliveriesFor("a")).hasSize(1);
        assertThat(store.deliveriesFor("b")).hasSize(1);
        assertThat(acked).isNotDone();

        store.releaseCommits();
        assertThat(acked.get(5, TimeUnit.SECONDS)).isEqualTo(PublishOutcome.ROUTED);
    }

    @Test
    void volatileAndQos0PublishesAreAcknowledgedAtOnce() throws Exception {
        Client pub = fx.connect("pub", true, 0);
        store.holdCommits();
        assertThat(publish(pub, message("other/1", "x", Qos.AT_LEAST_ONCE)).get(5, TimeUnit.SECONDS))
                .isEqualTo(PublishOutcome.NO_MATCHING_SUBSCRIBERS);
        assertThat(publish(pub, message("durable/1", "x", Qos.AT_MOST_ONCE)).get(5, TimeUnit.SECONDS))
                .isEqualTo(PublishOutcome.NO_MATCHING_SUBSCRIBERS);
        assertThat(store.syncRequests).isEmpty();
    }

    @Test
    void aFullStoreRefusesPublishAckesWithoutRoutingThem() throws Exception {
        Client sub = fx.connect("sub", true, 0);
        sub.subscribe("durable/#", Qos.AT_LEAST_ONCE);
        Client pub = fx.connect("pub", true, 0);
        store.full = true;
        assertThat(publish(pub, message("durable/1", "x", Qos.AT_LEAST_ONCE)).get(5, TimeUnit.SECONDS))
                .isEqualTo(PublishOutcome.QUOTA_EXCEEDED);
        assertThat(fx.router.stats().refusedStoreFull()).isEqualTo(1);
        assertThat(sub.sink().quietFor(java.time.Duration.ofMillis(100))).isTrue();
    }

    @Test
    void aFailedCommitIsReportedAsNotStored() throws Exception {
        Client pub = fx.connect("pub", true, 0);
        store.holdCommits();
        CompletableFuture<PublishOutcome> acked = publish(pub, message("durable/1", "x", Qos.AT_LEAST_ONCE));
        store.awaitSyncRequested();
        store.failCommits(new java.io.IOException("disk gone"));
        assertThat(acked.get(5, TimeUnit.SECONDS)).isEqualTo(PublishOutcome.NOT_STORED);
    }

    /** The in-memory store with commits the test opens and closes, standing in for a slow disk. */
    static final class GatedStore implements SessionStore {
        private final MemorySessionStore delegate = new MemorySessionStore();
        final List<CompletableFuture<Void>> syncRequests = new CopyOnWriteArrayList<>();
        private volatile boolean holding;
        volatile boolean full;

        void holdCommits() {
            holding = true;
        }

        void releaseCommits() {
            holding = false;
            syncRequests.forEach(f -> f.complete(null));
        }

        void failCommits(Exception e) {
            syncRequests.forEach(f -> f.completeExceptionally(e));
        }

        void awaitSyncRequested() {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> !syncRequests.isEmpty());
        }

        List<StoredDelivery> deliveriesFor(String clientId) {
            return delegate.loadDeliveries(clientId);
        }

        @Override
        public CompletableFuture<Void> sync() {
            CompletableFuture<Void> f = new CompletableFuture<>();
            if (holding) {
                syncRequests.add(f);
            } else {
                f.complete(null);
            }
            return f;
        }

        @Override
        public boolean fits(Message message) {
            return !full;
        }

        @Override
        public void saveSession(SessionRecord record) {
            delegate.saveSession(record);
        }

        @Override
        public void removeSession(String clientId) {
            delegate.removeSession(clientId);
        }

        @Override
        public Collection<SessionRecord> loadSessions() {
            return delegate.loadSessions();
        }

        @Override
        public void putDelivery(String clientId, StoredDelivery delivery) {
            delegate.putDelivery(clientId, delivery);
        }

        @Override
        public void removeDelivery(String clientId, long sequence) {
            delegate.removeDelivery(clientId, sequence);
        }

        @Override
        public List<StoredDelivery> loadDeliveries(String clientId) {
            return delegate.loadDeliveries(clientId);
        }

        @Override
        public void addInboundQos2(String clientId, int packetId) {
            delegate.addInboundQos2(clientId, packetId);
        }

        @Override
        public void removeInboundQos2(String clientId, int packetId) {
            delegate.removeInboundQos2(clientId, packetId);
        }

        @Override
        public Collection<Integer> loadInboundQos2(String clientId) {
            return delegate.loadInboundQos2(clientId);
        }
    }
}
