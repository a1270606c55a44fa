package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryAccountingTest {

    private static SeqSet seqs(long... values) {
        SeqSet s = new SeqSet();
        for (long v : values) {
            s.add(v);
        }
        return s;
    }

    @Test
    void seqSetCountsDuplicatesMissingAndOverlap() {
        SeqSet s = new SeqSet();
        assertThat(s.add(3)).isTrue();
        assertThat(s.add(3)).isFalse();
        assertThat(s.add(1000)).isTrue();
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.contains(1000)).isTrue();
        assertThat(s.contains(999)).isFalse();
        assertThat(s.countMissing(seqs(3, 4, 5, 1000))).isEqualTo(2);
        assertThat(s.addAll(seqs(3, 7))).isEqualTo(1);
        assertThat(s.size()).isEqualTo(3);
    }

    @Test
    void ackedButNeverDeliveredIsALossAndSecondCopyIsADuplicate() {
        DeliveryLog sub = new DeliveryLog(2);
        sub.record(0, 0);
        sub.record(0, 1);
        sub.record(0, 1);
        sub.record(1, 0);
        DeliveryAccounting.PublisherRecord[] pubs = {
            new DeliveryAccounting.PublisherRecord(3, seqs(0, 1, 2)),
            new DeliveryAccounting.PublisherRecord(2, seqs(0))
        };
        DeliveryAccounting.Result r = DeliveryAccounting.account(
                List.of(new DeliveryAccounting.Group(List.of(sub), new int[] {0, 1})), pubs, 1);
        assertThat(r.losses()).isEqualTo(1);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.qos0Undelivered()).isZero();
    }

    @Test
    void shareGroupMembersTogetherMustReceiveEachMessageOnce() {
        DeliveryLog a = new DeliveryLog(1);
        DeliveryLog b = new DeliveryLog(1);
        a.record(0, 0);
        a.record(0, 2);
        b.record(0, 1);
        b.record(0, 2);
        DeliveryAccounting.PublisherRecord[] pubs = {new DeliveryAccounting.PublisherRecord(4, seqs(0, 1, 2, 3))};
        DeliveryAccounting.Result r = DeliveryAccounting.account(
                List.of(new DeliveryAccounting.Group(List.of(a, b), new int[] {0})), pubs, 2);
        assertThat(r.losses()).isEqualTo(1);
        assertThat(r.duplicates()).isEqualTo(1);
    }

    @Test
    void qos0CountsUndeliveredNotLosses() {
        DeliveryLog sub = new DeliveryLog(1);
        sub.record(0, 0);
        sub.record(5, 0);
        DeliveryAccounting.PublisherRecord[] pubs = {new DeliveryAccounting.PublisherRecord(3, new SeqSet())};
        DeliveryAccounting.Result r = DeliveryAccounting.account(
                List.of(new DeliveryAccounting.Group(List.of(sub), new int[] {0})), pubs, 0);
        assertThat(r.losses()).isZero();
        assertThat(r.qos0Undelivered()).isEqualTo(2);
        assertThat(r.unknown()).isEqualTo(1);
    }

    @Test
    void topologyGroupsMatchTheScenario() {
        Topology fanout = Topology.of(Scenario.FANOUT, "t", 1, 3);
        assertThat(fanout.groups()).hasSize(3);
        assertThat(fanout.copiesOf(0)).isEqualTo(3);
        Topology shared = Topology.of(Scenario.SHARED, "t", 2, 3);
        assertThat(shared.subscribeFilters()).containsOnly("$share/bench/t/shared/+");
        assertThat(shared.copiesOf(1)).isEqualTo(1);
        Topology pairs = Topology.of(Scenario.PAIRS, "t", 2, 2);
        assertThat(pairs.publishTopics()).containsExactly("t/pairs/0", "t/pairs/1");
        assertThat(pairs.copiesOf(1)).isEqualTo(1);
    }
}
