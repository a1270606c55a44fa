package io.switchboard.router.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.api.Qos;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.api.TopicFilter;
import io.switchboard.router.api.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Writers subscribe and unsubscribe while readers match: readers always see the subscriptions that exist
 * throughout, nothing throws, and the final tree holds exactly what the writers left.
 */
@Timeout(60)
class TopicTreeConcurrencyTest {
    private static final int WRITERS = 3;
    private static final int READERS = 2;
    private static final int OPERATIONS_PER_WRITER = 60_000;
    private static final String TOPIC = "s/a/x";
    private static final List<String> FILTERS = List.of(
            "s/a/x", "s/+/x", "s/#", "+/a/x", "#", "s/a/+", "s/a/x/#", "s/b/x", "t/+", "$share/sg/s/#",
            "$share/other/s/a/x", "s/a//x", "s/a/x/y", "u/v/w/x/y/z");
    private static final SubscriptionOptions QOS0 = SubscriptionOptions.of(Qos.AT_MOST_ONCE);
    private static final SubscriptionOptions QOS2 = SubscriptionOptions.of(Qos.EXACTLY_ONCE);

    private final ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void readersNeverMissStableSubscriptionsAndTheFinalStateIsExact() throws Exception {
        TopicTree tree = new TopicTree();
        TestSubscriber sentinel = TestSubscriber.connected("sentinel");
        tree.subscribe(sentinel, TopicFilter.parse("s/+/x"), QOS0);
        tree.subscribe(sentinel, TopicFilter.parse("s/a/x"), QOS0);
        tree.subscribe(sentinel, TopicFilter.parse("$share/sg/s/#"), QOS0);
        int sentinelNodes = tree.nodeCount();

        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Future<Map<String, SubscriptionOptions>>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> write(tree, writer, start)));
        }
        List<Future<Long>> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            readers.add(pool.submit(() -> read(tree, start, writing)));
        }
        start.countDown();

        Map<String, SubscriptionOptions> expected = new HashMap<>();
        for (Future<Map<String, SubscriptionOptions>> writer : writers) {
            expected.putAll(writer.get(40, TimeUnit.SECONDS));
        }
        writing.set(false);
        for (Future<Long> reader : readers) {
            assertThat(reader.get(10, TimeUnit.SECONDS)).isPositive();
        }

        assertThat(tree.size()).isEqualTo(3 + expected.size());
        TopicTree reference = new TopicTree();
        expected.forEach((key, options) -> {
            String[] parts = key.split(" ", 2);
            reference.subscribe(TestSubscriber.connected(parts[0]), TopicFilter.parse(parts[1]), options);
        });
        for (String topic : List.of(TOPIC, "s/b/x", "t/1", "s/a/x/y", "u/v/w/x/y/z", "s/a//x", "q")) {
            assertThat(nonSharedMatches(tree, topic)).as(topic)
                    .containsExactlyInAnyOrderElementsOf(withSentinel(nonSharedMatches(reference, topic), topic));
        }

        expected.keySet().forEach(key -> {
            String[] parts = key.split(" ", 2);
            assertThat(tree.unsubscribe(TestSubscriber.connected(parts[0]), TopicFilter.parse(parts[1]))).isNotNull();
        });
        assertThat(tree.size()).isEqualTo(3);
        assertThat(tree.nodeCount()).isEqualTo(sentinelNodes);
    }

    private static Map<String, SubscriptionOptions> write(TopicTree tree, int writer, CountDownLatch start)
            throws InterruptedException {
        Random random = new Random(1000 + writer);
        Map<String, SubscriptionOptions> mine = new HashMap<>();
        start.await();
        for (int i = 0; i < OPERATIONS_PER_WRITER; i++) {
            String id = "w" + writer + "-" + random.nextInt(8);
            String raw = random.nextInt(10) == 0
                    ? "deep/" + random.nextInt(1000) + "/+/#"
                    : FILTERS.get(random.nextInt(FILTERS.size()));
            TopicFilter filter = TopicFilter.parse(raw);
            TestSubscriber subscriber = TestSubscriber.connected(id);
            String key = id + " " + raw;
            if (random.nextBoolean()) {
                SubscriptionOptions options = random.nextBoolean() ? QOS0 : QOS2;
                assertThat(tree.subscribe(subscriber, filter, options)).isEqualTo(mine.put(key, options));
            } else {
                assertThat(tree.unsubscribe(subscriber, filter)).isEqualTo(mine.remove(key));
            }
        }
        return mine;
    }

    /** Matches until the writers are done; every match must contain the sentinel's three subscriptions. */
    private static long read(TopicTree tree, CountDownLatch start, AtomicBoolean writing) throws InterruptedException {
        start.await();
        long rounds = 0;
        int[] counts = new int[3];
        MatchVisitor visitor = (subscriber, options, group, filter) -> {
            if (subscriber.subscriberId().equals("sentinel") && group == null) {
                counts[0]++;
            }
            if ("sg".equals(group)) {
                counts[1]++;
            }
            if (group == null && filter.startsWith("$share")) {
                counts[2]++;
            }
        };
        while (writing.get()) {
            counts[0] = 0;
            counts[1] = 0;
            counts[2] = 0;
            tree.match(TOPIC, visitor);
            assertThat(counts).containsExactly(2, 1, 0);
            rounds++;
        }
        return rounds;
    }

    private static List<String> nonSharedMatches(TopicTree tree, String topic) {
        return MatchRecorder.match(tree, topic).stream()
                .filter(m -> m.shareGroup() == null)
                .map(m -> m.subscriber().subscriberId() + " " + m.filter() + " " + m.options().maxQos())
                .toList();
    }

    private static List<String> withSentinel(List<String> matches, String topic) {
        List<String> all = new ArrayList<>(matches);
        for (String f : List.of("s/+/x", "s/a/x")) {
            if (Topics.matches(f, topic)) {
                all.add("sentinel " + f + " " + QOS0.maxQos());
            }
        }
        return all;
    }
}
