package io.switchboard.router.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.api.Qos;
import io.switchboard.router.api.RetainHandling;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.api.TopicFilter;
import io.switchboard.router.topic.MatchRecorder.Match;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Subscribing, replacing, unsubscribing and matching of non-shared subscriptions. */
@Timeout(10)
class TopicTreeTest {
    private static final SubscriptionOptions QOS0 = SubscriptionOptions.of(Qos.AT_MOST_ONCE);
    private static final SubscriptionOptions QOS2 = SubscriptionOptions.of(Qos.EXACTLY_ONCE);

    private final TopicTree tree = new TopicTree();
    private final TestSubscriber alice = TestSubscriber.connected("alice");
    private final TestSubscriber bob = TestSubscriber.connected("bob");

    @Test
    void emptyTreeMatchesNothing() {
        assertThat(MatchRecorder.match(tree, "a/b")).isEmpty();
        assertThat(tree.size()).isZero();
        assertThat(tree.nodeCount()).isZero();
    }

    @Test
    void subscribingAgainToTheSameFilterReplacesTheOptions() {
        assertThat(tree.subscribe(alice, TopicFilter.parse("a/+"), QOS0)).isNull();
        SubscriptionOptions withId = new SubscriptionOptions(Qos.AT_LEAST_ONCE, true, true,
                RetainHandling.DO_NOT_SEND, 7);

        assertThat(tree.subscribe(alice, TopicFilter.parse("a/+"), withId)).isEqualTo(QOS0);

        assertThat(tree.size()).isEqualTo(1);
        assertThat(MatchRecorder.match(tree, "a/b")).containsExactly(new Match(alice, withId, null, "a/+"));
    }

    @Test
    void aSubscriberWithTheSameIdReplacesTheOldSubscriberObject() {
        tree.subscribe(alice, TopicFilter.parse("a"), QOS0);
        TestSubscriber aliceAgain = TestSubscriber.connected("alice");

        tree.subscribe(aliceAgain, TopicFilter.parse("a"), QOS2);

        assertThat(MatchRecorder.match(tree, "a")).containsExactly(new Match(aliceAgain, QOS2, null, "a"));
    }

    @Test
    void overlappingSubscriptionsEachMatchOnce() {
        tree.subscribe(alice, TopicFilter.parse("a/b"), QOS0);
        tree.subscribe(alice, TopicFilter.parse("a/+"), QOS2);
        tree.subscribe(alice, TopicFilter.parse("a/#"), QOS0);
        tree.subscribe(alice, TopicFilter.parse("#"), QOS0);
        tree.subscribe(bob, TopicFilter.parse("+/b"), QOS2);
        tree.subscribe(bob, TopicFilter.parse("a/c"), QOS2);

        assertThat(MatchRecorder.match(tree, "a/b"))
                .containsExactlyInAnyOrder(
                        new Match(alice, QOS0, null, "a/b"),
                        new Match(alice, QOS2, null, "a/+"),
                        new Match(alice, QOS0, null, "a/#"),
                        new Match(alice, QOS0, null, "#"),
                        new Match(bob, QOS2, null, "+/b"));
        assertThat(tree.size()).isEqualTo(6);
    }

    @Test
    void unsubscribeRemovesOnlyThatSubscription() {
        tree.subscribe(alice, TopicFilter.parse("a/+"), QOS0);
        tree.subscribe(bob, TopicFilter.parse("a/+"), QOS2);

        assertThat(tree.unsubscribe(alice, TopicFilter.parse("a/+"))).isEqualTo(QOS0);

        assertThat(MatchRecorder.match(tree, "a/x")).containsExactly(new Match(bob, QOS2, null, "a/+"));
        assertThat(tree.size()).isEqualTo(1);
    }

    @Test
    void unsubscribeOfUnknownSubscriptionReturnsNull() {
        tree.subscribe(alice, TopicFilter.parse("a/b"), QOS0);

        assertThat(tree.unsubscribe(bob, TopicFilter.parse("a/b"))).isNull();
        assertThat(tree.unsubscribe(alice, TopicFilter.parse("a/c"))).isNull();
        assertThat(tree.unsubscribe(alice, TopicFilter.parse("a/b/c"))).isNull();
        assertThat(tree.unsubscribe(alice, TopicFilter.parse("$share/g/a/b"))).isNull();
        assertThat(tree.unsubscribe(alice, TopicFilter.parse("a/b"))).isEqualTo(QOS0);
        assertThat(tree.unsubscribe(alice, TopicFilter.parse("a/b"))).isNull();
        assertThat(tree.size()).isZero();
        assertThat(tree.nodeCount()).isZero();
    }

    @Test
    void sharedAndNonSharedSubscriptionsToTheSameFilterAreDistinct() {
        tree.subscribe(alice, TopicFilter.parse("a/b"), QOS0);
        tree.subscribe(alice, TopicFilter.parse("$share/g/a/b"), QOS2);

        assertThat(MatchRecorder.match(tree, "a/b")).containsExactlyInAnyOrder(
                new Match(alice, QOS0, null, "a/b"),
                new Match(alice, QOS2, "g", "$share/g/a/b"));
        assertThat(tree.size()).isEqualTo(2);

        assertThat(tree.unsubscribe(alice, TopicFilter.parse("$share/g/a/b"))).isEqualTo(QOS2);
        assertThat(MatchRecorder.match(tree, "a/b")).containsExactly(new Match(alice, QOS0, null, "a/b"));
    }

    @Test
    void dollarTopicsAreOnlyMatchedByFiltersStartingWithALiteralLevel() {
        tree.subscribe(alice, TopicFilter.parse("#"), QOS0);
        tree.subscribe(alice, TopicFilter.parse("+/monitor/#"), QOS0);
        tree.subscribe(alice, TopicFilter.parse("$share/g/#"), QOS0);
        tree.subscribe(bob, TopicFilter.parse("$SYS/#"), QOS0);
        tree.subscribe(bob, TopicFilter.parse("$SYS/+/clients"), QOS0);

        assertThat(MatchRecorder.match(tree, "$SYS/monitor/clients")).extracting(Match::filter)
                .containsExactlyInAnyOrder("$SYS/#", "$SYS/+/clients");
        assertThat(MatchRecorder.match(tree, "SYS/monitor/clients")).extracting(Match::filter)
                .containsExactlyInAnyOrder("#", "+/monitor/#", "$share/g/#");
    }

    @Test
    void deepFiltersAndTopicsDoNotExhaustTheStack() {
        String deepFilter = "+/".repeat(20_000) + "#";
        String deepTopic = "a/".repeat(30_000) + "z";
        tree.subscribe(alice, TopicFilter.parse(deepFilter), QOS0);
        tree.subscribe(bob, TopicFilter.parse("a/".repeat(20_000) + "#"), QOS0);

        List<String> deepMatches = MatchRecorder.match(tree, deepTopic).stream()
                .map(m -> m.subscriber().subscriberId()).toList();
        assertThat(deepMatches).containsExactlyInAnyOrder("alice", "bob");
        String parentOfBothFilters = "a/".repeat(19_999) + "a";
        assertThat(MatchRecorder.match(tree, parentOfBothFilters).size()).isEqualTo(2);
        String tooShallow = "a/".repeat(19_998) + "a";
        assertThat(MatchRecorder.match(tree, tooShallow).size()).isZero();

        tree.unsubscribe(alice, TopicFilter.parse(deepFilter));
        tree.unsubscribe(bob, TopicFilter.parse("a/".repeat(20_000) + "#"));
        assertThat(tree.nodeCount()).isZero();
    }
}
