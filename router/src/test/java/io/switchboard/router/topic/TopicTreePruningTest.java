package io.switchboard.router.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.api.Qos;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.api.TopicFilter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Unsubscribing gives the memory back: no node outlives the subscriptions that needed it. */
@Timeout(30)
class TopicTreePruningTest {
    private static final SubscriptionOptions QOS0 = SubscriptionOptions.of(Qos.AT_MOST_ONCE);

    private static String filter(int i) {
        return switch (i % 5) {
            case 0 -> "devices/" + i + "/cmd";
            case 1 -> "devices/+/" + i + "/#";
            case 2 -> "$share/g" + (i % 7) + "/fleet/" + i + "/+";
            case 3 -> "/" + i + "//" + (i / 100);
            default -> "region/" + (i % 13) + "/" + i;
        };
    }

    @Test
    void hundredThousandDistinctFiltersLeaveNothingBehind() {
        TopicTree tree = new TopicTree();
        TestSubscriber alice = TestSubscriber.connected("alice");
        TestSubscriber bob = TestSubscriber.connected("bob");
        List<TopicFilter> filters = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            filters.add(TopicFilter.parse(filter(i)));
        }
        for (TopicFilter f : filters) {
            tree.subscribe(alice, f, QOS0);
            tree.subscribe(bob, f, QOS0);
        }
        assertThat(tree.size()).isEqualTo(200_000);
        assertThat(tree.nodeCount()).isGreaterThan(100_000);
        assertThat(MatchRecorder.match(tree, "devices/40/cmd")).hasSize(2);

        for (TopicFilter f : filters) {
            assertThat(tree.unsubscribe(alice, f)).isEqualTo(QOS0);
        }
        assertThat(tree.size()).isEqualTo(100_000);
        for (int i = filters.size() - 1; i >= 0; i--) {
            assertThat(tree.unsubscribe(bob, filters.get(i))).isEqualTo(QOS0);
        }

        assertThat(tree.size()).isZero();
        assertThat(tree.nodeCount()).isZero();
        assertThat(MatchRecorder.match(tree, "devices/40/cmd")).isEmpty();
    }

    @Test
    void churnOnOneBranchKeepsOnlyTheLiveNodes() {
        TopicTree tree = new TopicTree();
        TestSubscriber stays = TestSubscriber.connected("stays");
        tree.subscribe(stays, TopicFilter.parse("a/b"), QOS0);
        int baseline = tree.nodeCount();

        for (int i = 0; i < 10_000; i++) {
            TestSubscriber churner = TestSubscriber.connected("c" + i);
            TopicFilter f = TopicFilter.parse("a/b/" + i + "/+/#");
            tree.subscribe(churner, f, QOS0);
            tree.unsubscribe(churner, f);
        }

        assertThat(tree.nodeCount()).isEqualTo(baseline).isEqualTo(2);
        assertThat(MatchRecorder.match(tree, "a/b")).hasSize(1);
    }
}
