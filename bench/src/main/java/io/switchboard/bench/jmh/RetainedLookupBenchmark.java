package io.switchboard.bench.jmh;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.TopicFilter;
import io.switchboard.router.retain.RetainedMessages;
import io.switchboard.router.spi.memory.MemoryRetainedStore;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * {@link RetainedMessages#match} with 10k and 100k retained topics {@code site/S/dev/D/temp} (100 devices per
 * site): an exact filter (1 match), {@code site/S/+/D/temp} (1 match), {@code site/S/dev/+/temp} (100 matches)
 * and {@code site/S/#} (100 matches). A store that scans every topic would grow with the total; an index
 * should grow with the matches.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class RetainedLookupBenchmark {
    private static final int DEVICES_PER_SITE = 100;
    private static final int FILTERS = 1024;

    @Param({"10000", "100000"})
    int retained;

    @Param({"exact", "plus-device", "plus-level", "hash"})
    String shape;

    private RetainedMessages messages;
    private TopicFilter[] filters;
    private int next;
    private final Count count = new Count();

    static final class Count implements Consumer<Message> {
        int n;

        @Override
        public void accept(Message m) {
            n++;
        }
    }

    @Setup(Level.Trial)
    public void build() {
        messages = new RetainedMessages(new MemoryRetainedStore());
        byte[] payload = new byte[64];
        for (int i = 0; i < retained; i++) {
            String topic = "site/" + (i / DEVICES_PER_SITE) + "/dev/" + (i % DEVICES_PER_SITE) + "/temp";
            messages.put(Message.builder(topic, payload).retain(true).build());
        }
        int sites = Math.max(1, retained / DEVICES_PER_SITE);
        SplittableRandom random = new SplittableRandom(7);
        filters = new TopicFilter[FILTERS];
        for (int i = 0; i < FILTERS; i++) {
            int site = random.nextInt(sites);
            int device = random.nextInt(DEVICES_PER_SITE);
            String f = switch (shape) {
                case "exact" -> "site/" + site + "/dev/" + device + "/temp";
                case "plus-device" -> "site/" + site + "/+/" + device + "/temp";
                case "plus-level" -> "site/" + site + "/dev/+/temp";
                default -> "site/" + site + "/#";
            };
            filters[i] = TopicFilter.parse(f);
        }
    }

    @Benchmark
    public int match() {
        count.n = 0;
        messages.match(filters[next++ & (FILTERS - 1)], 0, count);
        return count.n;
    }
}
