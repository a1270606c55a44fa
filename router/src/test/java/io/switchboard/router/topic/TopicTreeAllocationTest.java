package io.switchboard.router.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.router.api.Qos;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.api.TopicFilter;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TopicTree#match} allocates nothing per matching subscription: the bytes a thread allocates while
 * matching do not grow with the number of matches (measured with the JVM's per-thread allocation counter).
 */
@Timeout(30)
class TopicTreeAllocationTest {
    private static final SubscriptionOptions QOS1 = SubscriptionOptions.of(Qos.AT_LEAST_ONCE);
    private static final int SUBSCRIBERS = 200;
    private static final int ROUNDS = 20_000;

    /** Counts matches in a field, so that the visitor itself allocates nothing. */
    private static final class CountingVisitor implements MatchVisitor {
        long matches;

        @Override
        public void matched(Subscriber subscriber, SubscriptionOptions options, String shareGroup, String filter) {
            matches++;
        }
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long bytesPerMatchCall(TopicTree tree, String topic, long expectedMatches) {
        CountingVisitor visitor = new CountingVisitor();
        for (int i = 0; i < ROUNDS; i++) {
            tree.match(topic, visitor);
        }
        visitor.matches = 0;
        long before = allocatedBytes();
        for (int i = 0; i < ROUNDS; i++) {
            tree.match(topic, visitor);
        }
        long allocated = allocatedBytes() - before;
        assertThat(visitor.matches).isEqualTo(expectedMatches * ROUNDS);
        return allocated / ROUNDS;
    }

    @Test
    void matchingManySubscriptionsAllocatesAtMostTheBranchStack() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        TopicTree tree = new TopicTree();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            TestSubscriber s = TestSubscriber.connected("s" + i);
            tree.subscribe(s, TopicFilter.parse("fleet/device-7/telemetry"), QOS1);
            tree.subscribe(s, TopicFilter.parse("fleet/#"), QOS1);
            tree.subscribe(s, TopicFilter.parse("$share/g" + (i % 10) + "/fleet/device-7/telemetry"), QOS1);
        }

        long literalPath = bytesPerMatchCall(tree, "fleet/device-7/telemetry", 2 * SUBSCRIBERS + 10);
        assertThat(literalPath).as("bytes per match call without a '+' branch").isLessThan(8);

        for (int i = 0; i < SUBSCRIBERS; i++) {
            tree.subscribe(TestSubscriber.connected("s" + i), TopicFilter.parse("fleet/+/telemetry"), QOS1);
        }
        long branching = bytesPerMatchCall(tree, "fleet/device-7/telemetry", 3 * SUBSCRIBERS + 10);
        assertThat(branching).as("bytes per match call with a '+' branch").isLessThan(256);
    }
}
