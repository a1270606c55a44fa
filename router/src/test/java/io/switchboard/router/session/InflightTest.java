package io.switchboard.router.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.Qos;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InflightTest {
    private static final Message MESSAGE = Message.builder("t", new byte[0]).qos(Qos.AT_LEAST_ONCE).build();
    private long sequence;

    private PendingDelivery delivery() {
        return new PendingDelivery(++sequence, MESSAGE, Qos.AT_LEAST_ONCE, false, new int[0], null, null);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void behavesLikeAnInsertionOrderedMapUnderRandomAddsAndRemoves(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Inflight inflight = new Inflight();
        Map<Integer, PendingDelivery> reference = new LinkedHashMap<>();
        for (int step = 0; step < 200_000; step++) { // several wraps of the 65535 id space
            int roll = random.nextInt(100);
            if (roll < 52 && reference.size() < 3000) {
                PendingDelivery d = delivery();
                inflight.add(d);
                assertThat(d.deliveryId).isBetween(1, 65_535);
                assertThat(reference.put(d.deliveryId, d)).as("id handed out twice").isNull();
            } else if (!reference.isEmpty()) {
                // mostly the oldest (acks come in order), sometimes any
                int id = roll < 90 ? reference.keySet().iterator().next()
                        : new ArrayList<>(reference.keySet()).get(random.nextInt(reference.size()));
                assertThat(inflight.remove(id)).isSameAs(reference.remove(id));
                assertThat(inflight.remove(id)).isNull();
            }
            if (step % 997 == 0) {
                assertSame(inflight, reference);
            }
        }
        assertSame(inflight, reference);
    }

    private static void assertSame(Inflight inflight, Map<Integer, PendingDelivery> reference) {
        assertThat(inflight.size()).isEqualTo(reference.size());
        List<PendingDelivery> inOrder = new ArrayList<>();
        inflight.forEach(inOrder::add);
        assertThat(inOrder).containsExactlyElementsOf(reference.values());
        for (Map.Entry<Integer, PendingDelivery> e : reference.entrySet()) {
            assertThat(inflight.get(e.getKey())).isSameAs(e.getValue());
        }
    }

    @Test
    void iteratorRemovesAndRestoredIdsKeepTheirPlace() {
        Inflight inflight = new Inflight();
        List<PendingDelivery> all = new ArrayList<>();
        for (int id : new int[] {65_534, 65_535, 1, 17, 33}) { // 1, 17 and 33 share a home slot in 16
            PendingDelivery d = delivery();
            d.deliveryId = id;
            inflight.restore(d);
            all.add(d);
        }
        for (Iterator<PendingDelivery> it = inflight.iterator(); it.hasNext(); ) {
            if (it.next().deliveryId == 17) {
                it.remove();
            }
        }
        assertThat(inflight.get(17)).isNull();
        assertThat(inflight.get(33)).isSameAs(all.get(4));
        assertThat(inflight.get(1)).isSameAs(all.get(2));
        List<Integer> ids = new ArrayList<>();
        inflight.forEach(d -> ids.add(d.deliveryId));
        assertThat(ids).containsExactly(65_534, 65_535, 1, 33);
        PendingDelivery next = delivery();
        inflight.add(next);
        assertThat(next.deliveryId).as("after the highest restored id, wrapping, skipping ids in use").isEqualTo(2);
        inflight.clear();
        assertThat(inflight.isEmpty()).isTrue();
        assertThat(inflight.iterator().hasNext()).isFalse();
    }
}
