package io.switchboard.router.retain;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.TopicFilter;
import io.switchboard.router.spi.memory.MemoryRetainedStore;
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

/** Publishers retain and clear while subscribers look up: stable topics are always found, final state exact. */
@Timeout(60)
class RetainedMessagesConcurrencyTest {
    private static final int WRITERS = 3;
    private static final int READERS = 2;
    private static final int OPERATIONS_PER_WRITER = 50_000;
    private static final long NOW = 1_000L;

    private final ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void lookupsDuringWritesSeeStableTopicsAndTheEndStateMatchesTheWriters() throws Exception {
        MemoryRetainedStore store = new MemoryRetainedStore();
        RetainedMessages retained = new RetainedMessages(store);
        retained.put(Message.builder("a/stable", new byte[] {1}).build());
        retained.put(Message.builder("a/b/stable", new byte[] {1}).build());

        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Future<Map<String, Message>>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> write(retained, writer, start)));
        }
        List<Future<Long>> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            readers.add(pool.submit(() -> read(retained, start, writing)));
        }
        start.countDown();

        Map<String, Message> expected = new HashMap<>();
        for (Future<Map<String, Message>> writer : writers) {
            expected.putAll(writer.get(40, TimeUnit.SECONDS));
        }
        writing.set(false);
        for (Future<Long> reader : readers) {
            assertThat(reader.get(10, TimeUnit.SECONDS)).isPositive();
        }

        List<Message> all = new ArrayList<>();
        retained.match(TopicFilter.parse("#"), NOW, all::add);
        assertThat(all).hasSize(2 + expected.size()).containsAll(expected.values());
        assertThat(store.loadAll()).containsExactlyInAnyOrderElementsOf(all);
        assertThat(retained.size()).isEqualTo(all.size());
    }

    private static Map<String, Message> write(RetainedMessages retained, int writer, CountDownLatch start)
            throws InterruptedException {
        Random random = new Random(7 + writer);
        Map<String, Message> mine = new HashMap<>();
        start.await();
        for (int i = 0; i < OPERATIONS_PER_WRITER; i++) {
            String topic = "a/" + (random.nextBoolean() ? "b/" : "") + "w" + writer + "/" + random.nextInt(50);
            boolean clear = random.nextInt(3) == 0;
            Message message = Message.builder(topic, clear ? new byte[0] : new byte[] {(byte) i}).build();
            retained.put(message);
            if (clear) {
                mine.remove(topic);
            } else {
                mine.put(topic, message);
            }
        }
        return mine;
    }

    private static long read(RetainedMessages retained, CountDownLatch start, AtomicBoolean writing)
            throws InterruptedException {
        start.await();
        long rounds = 0;
        List<String> stable = new ArrayList<>();
        while (writing.get()) {
            stable.clear();
            retained.match(TopicFilter.parse(rounds % 2 == 0 ? "a/#" : "+/+/stable"), NOW, m -> {
                assertThat(m.payload()).isNotEmpty();
                if (m.topic().endsWith("stable")) {
                    stable.add(m.topic());
                }
            });
            assertThat(stable).containsExactlyInAnyOrder(rounds % 2 == 0 ? new String[] {"a/stable", "a/b/stable"}
                    : new String[] {"a/b/stable"});
            rounds++;
        }
        return rounds;
    }
}
