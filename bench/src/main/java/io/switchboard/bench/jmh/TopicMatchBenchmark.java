package io.switchboard.bench.jmh;

import io.switchboard.router.api.Qos;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.api.TopicFilter;
import io.switchboard.router.topic.MatchVisitor;
import io.switchboard.router.topic.TopicTree;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link TopicTree#match} against 10k, 100k and 1M subscriptions shaped like a device fleet: topics
 * {@code site/S/dev/D/temp}; 80% of subscriptions exact, 15% {@code site/S/+/D/temp}, 4% {@code site/S/dev/+/temp},
 * 1% {@code site/S/#}. Each operation matches one topic drawn from a fixed pseudo-random sequence.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class TopicMatchBenchmark {
    private static final int DEVICES_PER_SITE = 100;
    private static final int TOPICS = 4096;

    @Param({"10000", "100000", "1000000"})
    int subscriptions;

    private TopicTree tree;
    private String[] topics;
    private int next;
    private final Counter counter = new Counter();

    /** Counts matches; allocation-free. */
    static final class Counter implements MatchVisitor {
        int matches;

        @Override
        public void matched(io.switchboard.router.topic.Subscriber subscriber, SubscriptionOptions options,
                String shareGroup, String filter) {
            matches++;
        }
    }

    @Setup(Level.Trial)
    public void build() {
        SplittableRandom random = new SplittableRandom(42);
        tree = new TopicTree();
        SubscriptionOptions options = SubscriptionOptions.of(Qos.AT_LEAST_ONCE);
        int sites = Math.max(1, subscriptions / DEVICES_PER_SITE);
        for (int i = 0; i < subscriptions; i++) {
            int site = i / DEVICES_PER_SITE;
            int device = i % DEVICES_PER_SITE;
            int kind = random.nextInt(100);
            String filter;
            if (kind < 80) {
                filter = "site/" + site + "/dev/" + device + "/temp";
            } else if (kind < 95) {
                filter = "site/" + site + "/+/" + device + "/temp";
            } else if (kind < 99) {
                filter = "site/" + site + "/dev/+/temp";
            } else {
                filter = "site/" + site + "/#";
            }
            tree.subscribe(new BenchSubscriber("c" + i), TopicFilter.parse(filter), options);
        }
        topics = new String[TOPICS];
        for (int i = 0; i < TOPICS; i++) {
            topics[i] = "site/" + random.nextInt(sites) + "/dev/" + random.nextInt(DEVICES_PER_SITE) + "/temp";
        }
    }

    @Benchmark
    public int match() {
        counter.matches = 0;
        tree.match(topics[next++ & (TOPICS - 1)], counter);
        return counter.matches;
    }
}
