package io.switchboard.persistence;

import static io.switchboard.persistence.CodecTest.assertSameMessage;
import static io.switchboard.persistence.Fixtures.message;
import static io.switchboard.persistence.Fixtures.queued;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.Qos;
import io.switchboard.router.spi.RetainedStore;
import io.switchboard.router.spi.SessionRecord;
import io.switchboard.router.spi.StoredDelivery;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class MapDbStoreTest {
    @TempDir
    Path dir;

    private MapDbStore open() {
        return MapDbStore.open(Fixtures.settings(dir));
    }

    private static void sync(MapDbStore store) throws Exception {
        store.sync().get(10, TimeUnit.SECONDS);
    }

    private static int bodies(MapDbStore store) {
        return Fixtures.bodies(store);
    }

    private static int references(MapDbStore store, Message m) {
        Integer count = store.read(s -> s.referenceCount(m));
        return count;
    }

    @Test
    void sessionsSurviveReopen() throws Exception {
        try (MapDbStore store = open()) {
            store.saveSession(Fixtures.session("a"));
            store.saveSession(Fixtures.session("b"));
            store.saveSession(new SessionRecord("b", 7, 0, Map.of(), null));
            sync(store);
        }
        try (MapDbStore store = open()) {
            assertThat(store.loadSessions()).extracting(SessionRecord::clientId).containsExactlyInAnyOrder("a", "b");
            SessionRecord b = store.loadSessions().stream().filter(s -> s.clientId().equals("b")).findFirst()
                    .orElseThrow();
            assertThat(b.sessionExpirySeconds()).isEqualTo(7);
            assertThat(b.pendingWill()).isNull();
        }
    }

    @Test
    void deliveriesComeBackInSequenceOrderWithTheirFields() throws Exception {
        Message m = Fixtures.fullMessage();
        try (MapDbStore store = open()) {
            for (long seq : new long[] {5, 1, 300, 2, 1L << 40}) {
                store.putDelivery("c", queued(seq, message("t/" + seq, "p" + seq)));
            }
            store.putDelivery("c", new StoredDelivery(3, m, Qos.EXACTLY_ONCE, true, new int[] {4, 5}, "g", "$share/g/t",
                    17, true));
            store.putDelivery("other", queued(4, message("o", "o")));
            sync(store);
        }
        try (MapDbStore store = open()) {
            List<StoredDelivery> list = store.loadDeliveries("c");
            assertThat(list).extracting(StoredDelivery::sequence).containsExactly(1L, 2L, 3L, 5L, 300L, 1L << 40);
            assertThat(list.get(0).message().topic()).isEqualTo("t/1");
            StoredDelivery inflight = list.get(2);
            assertSameMessage(inflight.message(), m);
            assertThat(inflight.qos()).isEqualTo(Qos.EXACTLY_ONCE);
            assertThat(inflight.retain()).isTrue();
            assertThat(inflight.subscriptionIds()).containsExactly(4, 5);
            assertThat(inflight.shareGroup()).isEqualTo("g");
            assertThat(inflight.shareFilter()).isEqualTo("$share/g/t");
            assertThat(inflight.deliveryId()).isEqualTo(17);
            assertThat(inflight.released()).isTrue();
            assertThat(store.loadDeliveries("other")).hasSize(1);
            assertThat(store.loadDeliveries("nobody")).isEmpty();
        }
    }

    @Test
    void putWithTheSameSequenceReplacesAndRemoveDeletes() throws Exception {
        Message m = message("t", "x");
        try (MapDbStore store = open()) {
            store.putDelivery("c", queued(1, m));
            store.putDelivery("c", queued(2, message("t", "y")));
            store.putDelivery("c", new StoredDelivery(1, m, Qos.AT_LEAST_ONCE, false, new int[0], null, null, 9, false));
            store.removeDelivery("c", 2);
            store.removeDelivery("c", 99);
            sync(store);
            assertThat(bodies(store)).isEqualTo(1);
        }
        try (MapDbStore store = open()) {
            assertThat(store.loadDeliveries("c")).singleElement()
                    .satisfies(d -> assertThat(d.deliveryId()).isEqualTo(9));
        }
    }

    @Test
    void inboundQos2IdsArePerSession() throws Exception {
        try (MapDbStore store = open()) {
            store.addInboundQos2("c", 1);
            store.addInboundQos2("c", 65535);
            store.addInboundQos2("c", 7);
            store.addInboundQos2("d", 7);
            store.removeInboundQos2("c", 7);
            sync(store);
        }
        try (MapDbStore store = open()) {
            assertThat(store.loadInboundQos2("c")).containsExactlyInAnyOrder(1, 65535);
            assertThat(store.loadInboundQos2("d")).containsExactly(7);
        }
    }

    @Test
    void retainedMessagesByTopic() throws Exception {
        try (MapDbStore store = open()) {
            RetainedStore retained = store.retainedStore();
            retained.put(message("a", "1"));
            retained.put(message("b", "2"));
            retained.put(message("a", "3"));
            retained.put(message("c", "4"));
            retained.remove("c");
            retained.remove("never");
            sync(store);
            assertThat(bodies(store)).isEqualTo(2);
        }
        try (MapDbStore store = open()) {
            assertThat(store.retainedStore().loadAll())
                    .extracting(m -> m.topic() + "=" + new String(m.payload()))
                    .containsExactlyInAnyOrder("a=3", "b=2");
        }
    }

    @Test
    void removingASessionRemovesEverythingItHoldsAndUnreferencedBodies() throws Exception {
        Message shared = message("s", "shared");
        try (MapDbStore store = open()) {
            store.saveSession(Fixtures.session("gone"));
            store.putDelivery("gone", queued(1, shared));
            store.putDelivery("gone", queued(2, message("only", "mine")));
            store.addInboundQos2("gone", 3);
            store.putDelivery("stays", queued(1, shared));
            store.putDelivery("gonex", queued(1, message("prefix", "neighbour")));
            store.removeSession("gone");
            sync(store);
            assertThat(bodies(store)).isEqualTo(2);
        }
        try (MapDbStore store = open()) {
            assertThat(store.loadSessions()).isEmpty();
            assertThat(store.loadDeliveries("gone")).isEmpty();
            assertThat(store.loadInboundQos2("gone")).isEmpty();
            assertThat(store.loadDeliveries("stays")).singleElement()
                    .satisfies(d -> assertThat(new String(d.message().payload())).isEqualTo("shared"));
            assertThat(store.loadDeliveries("gonex")).hasSize(1);
            assertThat(bodies(store)).isEqualTo(2);
        }
    }

    @Test
    void oneBodyPerMessageInstanceWithAReferenceCount() throws Exception {
        Message m = message("fan/out", "x".repeat(1000));
        try (MapDbStore store = open()) {
            for (int i = 0; i < 50; i++) {
                store.putDelivery("c" + i, queued(1, m));
            }
            store.retainedStore().put(m);
            sync(store);
            assertThat(bodies(store)).isEqualTo(1);
            assertThat(references(store, m)).isEqualTo(51);
            for (int i = 0; i < 50; i++) {
                store.removeDelivery("c" + i, 1);
            }
            sync(store);
            assertThat(bodies(store)).isEqualTo(1);
            store.retainedStore().remove("fan/out");
            sync(store);
            assertThat(bodies(store)).isZero();
            assertThat(references(store, m)).isZero();
        }
    }

    @Test
    void loadedSessionsShareOneInstancePerBodySoReputsDoNotDuplicate() throws Exception {
        Message m = message("fan/out", "payload");
        try (MapDbStore store = open()) {
            store.putDelivery("a", queued(1, m));
            store.putDelivery("b", queued(1, m));
            sync(store);
        }
        try (MapDbStore store = open()) {
            Message a = store.loadDeliveries("a").get(0).message();
            Message b = store.loadDeliveries("b").get(0).message();
            assertThat(a).isSameAs(b);
            store.putDelivery("c", queued(1, a));
            sync(store);
            assertThat(bodies(store)).isEqualTo(1);
            assertThat(references(store, a)).isEqualTo(3);
        }
    }

    @Test
    void expiredQueuedEntriesAndRetainedArePurgedButInFlightStays() throws Exception {
        long now = System.currentTimeMillis();
        Message expired = Message.builder("e", new byte[1]).qos(Qos.AT_LEAST_ONCE).expiresAtMillis(now - 1).build();
        Message fresh = Message.builder("f", new byte[1]).qos(Qos.AT_LEAST_ONCE).expiresAtMillis(now + 60_000)
                .build();
        try (MapDbStore store = open()) {
            store.putDelivery("c", queued(1, expired));
            store.putDelivery("c", new StoredDelivery(2, expired, Qos.AT_LEAST_ONCE, false, new int[0], null, null,
                    5, false));
            store.putDelivery("c", queued(3, fresh));
            store.retainedStore().put(expired);
            assertThat(store.purgeExpired(now).get(10, TimeUnit.SECONDS)).isEqualTo(2);
        }
        try (MapDbStore store = open()) {
            assertThat(store.loadDeliveries("c")).extracting(StoredDelivery::sequence).containsExactly(2L, 3L);
            assertThat(store.retainedStore().loadAll()).isEmpty();
        }
    }

    @Test
    void sizeLimitIsReportedAndFreedByRemoval() throws Exception {
        try (MapDbStore store = MapDbStore.open(Fixtures.settings(dir).withMaxStoreBytes(64 * 1024))) {
            Message big = Message.builder("t", new byte[10_000]).qos(Qos.AT_LEAST_ONCE).build();
            long seq = 0;
            while (!store.isFull()) {
                assertThat(seq).isLessThan(100);
                store.putDelivery("c", queued(++seq, Message.builder("t", new byte[10_000]).build()));
                sync(store);
            }
            assertThat(store.fits(big)).isFalse();
            assertThat(store.stats().liveBytes()).isGreaterThanOrEqualTo(64 * 1024);
            for (long s = 1; s <= seq; s++) {
                store.removeDelivery("c", s);
            }
            sync(store);
            assertThat(store.isFull()).isFalse();
            assertThat(store.fits(big)).isTrue();
            assertThat(store.stats().liveBytes()).isLessThan(1024);
        }
    }
}
