package io.switchboard.router.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.api.Qos;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.api.TopicFilter;
import io.switchboard.router.topic.MatchRecorder.Match;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shared subscriptions: one member per group and message, round-robin, connected members first. */
@Timeout(10)
class TopicTreeShareGroupTest {
    private static final SubscriptionOptions QOS1 = SubscriptionOptions.of(Qos.AT_LEAST_ONCE);
    private static final TopicFilter GROUP_FILTER = TopicFilter.parse("$share/workers/jobs/+");

    private final TopicTree tree = new TopicTree();

    private List<String> receivers(int messages) {
        List<String> receivers = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            List<Match> matches = MatchRecorder.match(tree, "jobs/" + i);
            assertThat(matches).hasSize(1);
            Match match = matches.get(0);
            assertThat(match.shareGroup()).isEqualTo("workers");
            assertThat(match.filter()).isEqualTo("$share/workers/jobs/+");
            receivers.add(match.subscriber().subscriberId());
        }
        return receivers;
    }

    private static Map<String, Integer> counts(List<String> receivers) {
        Map<String, Integer> counts = new HashMap<>();
        receivers.forEach(r -> counts.merge(r, 1, Integer::sum));
        return counts;
    }

    @Test
    void roundRobinGivesEveryMemberItsTurnInAFixedCycle() {
        for (int i = 0; i < 5; i++) {
            tree.subscribe(TestSubscriber.connected("w" + i), GROUP_FILTER, QOS1);
        }

        List<String> receivers = receivers(500);

        assertThat(counts(receivers)).hasSize(5).allSatisfy((member, count) -> assertThat(count).isEqualTo(100));
        for (int i = 5; i < receivers.size(); i++) {
            assertThat(receivers.get(i)).isEqualTo(receivers.get(i - 5));
        }
        assertThat(tree.size()).isEqualTo(5);
    }

    @Test
    void connectedMembersArePreferred() {
        TestSubscriber a = TestSubscriber.connected("a");
        TestSubscriber b = TestSubscriber.disconnected("b");
        TestSubscriber c = TestSubscriber.connected("c");
        tree.subscribe(a, GROUP_FILTER, QOS1);
        tree.subscribe(b, GROUP_FILTER, QOS1);
        tree.subscribe(c, GROUP_FILTER, QOS1);

        assertThat(counts(receivers(100))).containsOnly(Map.entry("a", 50), Map.entry("c", 50));

        b.setConnected(true);
        a.setConnected(false);
        assertThat(counts(receivers(100))).containsOnly(Map.entry("b", 50), Map.entry("c", 50));
    }

    @Test
    void withNoConnectedMemberEveryMemberTakesItsTurn() {
        for (int i = 0; i < 3; i++) {
            tree.subscribe(TestSubscriber.disconnected("w" + i), GROUP_FILTER, QOS1);
        }

        assertThat(counts(receivers(99))).containsOnly(Map.entry("w0", 33), Map.entry("w1", 33), Map.entry("w2", 33));
    }

    @Test
    void eachGroupAndEachFilterIsItsOwnGroup() {
        TestSubscriber a = TestSubscriber.connected("a");
        TestSubscriber b = TestSubscriber.connected("b");
        tree.subscribe(a, TopicFilter.parse("$share/g1/x/#"), QOS1);
        tree.subscribe(b, TopicFilter.parse("$share/g1/x/#"), QOS1);
        tree.subscribe(a, TopicFilter.parse("$share/g2/x/#"), QOS1);
        tree.subscribe(b, TopicFilter.parse("$share/g1/x/+"), QOS1);

        List<Match> matches = MatchRecorder.match(tree, "x/y");

        assertThat(matches).extracting(Match::filter)
                .containsExactlyInAnyOrder("$share/g1/x/#", "$share/g2/x/#", "$share/g1/x/+");
        assertThat(tree.size()).isEqualTo(4);
    }

    @Test
    void leavingMemberNoLongerReceives() {
        TestSubscriber a = TestSubscriber.connected("a");
        TestSubscriber b = TestSubscriber.connected("b");
        tree.subscribe(a, GROUP_FILTER, QOS1);
        tree.subscribe(b, GROUP_FILTER, QOS1);

        assertThat(tree.unsubscribe(a, GROUP_FILTER)).isEqualTo(QOS1);

        assertThat(counts(receivers(10))).containsOnly(Map.entry("b", 10));
        assertThat(tree.unsubscribe(b, GROUP_FILTER)).isEqualTo(QOS1);
        assertThat(MatchRecorder.match(tree, "jobs/1")).isEmpty();
        assertThat(tree.nodeCount()).isZero();
    }

    @Test
    void pickSharedMemberExcludesTheLeavingMemberAndPrefersConnectedOnes() {
        TestSubscriber leaving = TestSubscriber.connected("leaving");
        TestSubscriber offline = TestSubscriber.disconnected("offline");
        TestSubscriber online = TestSubscriber.connected("online");
        tree.subscribe(leaving, GROUP_FILTER, QOS1);
        tree.subscribe(offline, GROUP_FILTER, QOS1);

        assertThat(tree.pickSharedMember("workers", "jobs/+", leaving)).isEqualTo(offline);

        tree.subscribe(online, GROUP_FILTER, QOS1);
        for (int i = 0; i < 10; i++) {
            assertThat(tree.pickSharedMember("workers", "jobs/+", leaving)).isEqualTo(online);
        }
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picks.add(tree.pickSharedMember("workers", "jobs/+", null).subscriberId());
        }
        assertThat(picks).containsOnly("leaving", "online").contains("leaving", "online");
    }

    @Test
    void groupsAreFoundByTheRawFilterTheVisitorReportsOrByTheFilterAlone() {
        TestSubscriber a = TestSubscriber.connected("a");
        TestSubscriber b = TestSubscriber.connected("b");
        tree.subscribe(a, GROUP_FILTER, QOS1);
        tree.subscribe(b, GROUP_FILTER, SubscriptionOptions.of(Qos.EXACTLY_ONCE));
        String reported = MatchRecorder.match(tree, "jobs/1").get(0).filter();

        assertThat(tree.pickSharedMember("workers", reported, a)).isEqualTo(b);
        assertThat(tree.pickSharedMember("workers", "jobs/+", a)).isEqualTo(b);
        assertThat(tree.sharedOptions("workers", reported, b)).isEqualTo(SubscriptionOptions.of(Qos.EXACTLY_ONCE));
        assertThat(tree.sharedOptions("workers", "jobs/+", a)).isEqualTo(QOS1);
        assertThat(tree.pickSharedMember("other", reported, null)).isNull();
    }

    @Test
    void aGroupWhoseFilterLooksSharedIsFoundEitherWay() {
        TestSubscriber a = TestSubscriber.connected("a");
        tree.subscribe(a, TopicFilter.parse("$share/g/$share/g/x"), QOS1);

        assertThat(tree.pickSharedMember("g", "$share/g/$share/g/x", null)).isEqualTo(a);
        assertThat(tree.pickSharedMember("g", "$share/g/x", null)).isEqualTo(a);
        assertThat(tree.pickSharedMember("g", "x", null)).isNull();
    }

    @Test
    void pickSharedMemberIsNullWithoutAnotherMember() {
        TestSubscriber only = TestSubscriber.connected("only");
        tree.subscribe(only, GROUP_FILTER, QOS1);

        assertThat(tree.pickSharedMember("workers", "jobs/+", only)).isNull();
        assertThat(tree.pickSharedMember("workers", "jobs/#", only)).isNull();
        assertThat(tree.pickSharedMember("others", "jobs/+", null)).isNull();
        assertThat(tree.pickSharedMember("workers", "jobs/+", null)).isEqualTo(only);
    }

    @Test
    void sharedOptionsAreTheMembersOwn() {
        TestSubscriber a = TestSubscriber.connected("a");
        TestSubscriber b = TestSubscriber.connected("b");
        SubscriptionOptions qos2 = SubscriptionOptions.of(Qos.EXACTLY_ONCE);
        tree.subscribe(a, GROUP_FILTER, QOS1);
        tree.subscribe(b, GROUP_FILTER, qos2);

        assertThat(tree.sharedOptions("workers", "jobs/+", a)).isEqualTo(QOS1);
        assertThat(tree.sharedOptions("workers", "jobs/+", b)).isEqualTo(qos2);
        assertThat(tree.sharedOptions("workers", "jobs/+", TestSubscriber.connected("c"))).isNull();
        assertThat(tree.sharedOptions("workers", "jobs", a)).isNull();

        assertThat(tree.subscribe(b, GROUP_FILTER, QOS1)).isEqualTo(qos2);
        assertThat(tree.sharedOptions("workers", "jobs/+", b)).isEqualTo(QOS1);
        assertThat(tree.size()).isEqualTo(2);
    }
}
