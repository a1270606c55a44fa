package io.switchboard.router.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.api.Qos;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.api.TopicFilter;
import io.switchboard.router.api.Topics;
import io.switchboard.router.topic.TopicMatchingCases.Case;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The reference matcher {@link Topics#matches} and {@link TopicTree#match} against the shared table. */
@Timeout(10)
class TopicMatchingTableTest {
    private static final SubscriptionOptions QOS1 = SubscriptionOptions.of(Qos.AT_LEAST_ONCE);

    @Test
    void tableHasEnoughValidDistinctRows() {
        List<Case> cases = TopicMatchingCases.all();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60).doesNotHaveDuplicates();
        assertThat(cases).filteredOn(Case::matches).hasSizeGreaterThan(30);
        assertThat(cases).filteredOn(c -> !c.matches()).hasSizeGreaterThan(30);
        for (Case c : cases) {
            assertThat(Topics.isValidTopicName(c.topic())).as("topic of %s", c).isTrue();
            assertThat(TopicFilter.parse(c.filter()).raw()).as("filter of %s", c).isEqualTo(c.filter());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.switchboard.router.topic.TopicMatchingCases#arguments")
    void referenceMatcherFollowsTheTable(Case c) {
        assertThat(Topics.matches(TopicFilter.parse(c.filter()).filter(), c.topic())).isEqualTo(c.matches());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.switchboard.router.topic.TopicMatchingCases#arguments")
    void topicTreeFollowsTheTable(Case c) {
        TopicTree tree = new TopicTree();
        TestSubscriber subscriber = TestSubscriber.connected("s");
        TopicFilter filter = TopicFilter.parse(c.filter());
        tree.subscribe(subscriber, filter, QOS1);

        List<MatchRecorder.Match> matches = MatchRecorder.match(tree, c.topic());

        if (c.matches()) {
            assertThat(matches).containsExactly(
                    new MatchRecorder.Match(subscriber, QOS1, filter.shareGroup(), c.filter()));
        } else {
            assertThat(matches).isEmpty();
        }
    }

    /** Every filter of the table in one tree, every topic of the table published: tree and reference agree. */
    @Test
    void treeHoldingEveryFilterAgreesWithReferenceOnEveryPair() {
        List<Case> cases = TopicMatchingCases.all();
        Set<String> filters = new LinkedHashSet<>();
        Set<String> topics = new LinkedHashSet<>();
        cases.forEach(c -> {
            filters.add(c.filter());
            topics.add(c.topic());
        });
        TopicTree tree = new TopicTree();
        int n = 0;
        for (String filter : filters) {
            tree.subscribe(TestSubscriber.connected("s" + n++), TopicFilter.parse(filter), QOS1);
            tree.subscribe(TestSubscriber.connected("all"), TopicFilter.parse(filter), QOS1);
        }
        assertThat(tree.size()).isEqualTo(2 * filters.size());

        for (String topic : topics) {
            Set<String> expected = new HashSet<>();
            for (String filter : filters) {
                if (Topics.matches(TopicFilter.parse(filter).filter(), topic)) {
                    expected.add(filter);
                }
            }
            List<MatchRecorder.Match> matches = MatchRecorder.match(tree, topic);
            List<String> byAll = matches.stream()
                    .filter(m -> m.subscriber().subscriberId().equals("all") && m.shareGroup() == null)
                    .map(MatchRecorder.Match::filter).toList();
            List<String> nonShared = expected.stream().filter(f -> !TopicFilter.parse(f).isShared()).toList();
            assertThat(byAll).as("non-shared matches of %s", topic).containsExactlyInAnyOrderElementsOf(nonShared);
            List<String> matchedFilters = matches.stream().map(MatchRecorder.Match::filter).distinct().toList();
            assertThat(matchedFilters).as("filters matching %s", topic).containsExactlyInAnyOrderElementsOf(expected);
            long groupDeliveries = matches.stream().filter(m -> m.shareGroup() != null).count();
            assertThat(groupDeliveries).as("one delivery per share group for %s", topic)
                    .isEqualTo(expected.size() - nonShared.size());
        }
    }
}
