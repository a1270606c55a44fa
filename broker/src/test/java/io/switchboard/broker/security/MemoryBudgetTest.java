package io.switchboard.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.broker.Broker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subscriber that never reads, flooded by a QoS 0 and a QoS 1 publisher: the queued bytes stay near the budget
 * because the publishers stop being read, and they resume when the queue drains.
 */
@Timeout(120)
class MemoryBudgetTest {
    private static final long BUDGET = 4L << 20;
    private static final int MESSAGES = 12_000;
    private static final byte[] PAYLOAD = new byte[1024];
    private static final long POLL_NANOS = 1_000_000;

    @TempDir
    Path dir;
    private Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aSlowSubscriberUnderAFloodKeepsQueuedBytesUnderTheBudget() throws Exception {
        broker = SecureBroker.start(dir, "security.limits.memory_budget_bytes=" + BUDGET,
                "sessions.max_queued_bytes=1073741824", "sessions.max_queued_messages=10000000");
        int port = broker.mqttPort();
        try (Socket subscriber = RawMqtt.open(port, 4096);
             Socket qos0 = RawMqtt.open(port, 65_536);
             Socket qos1 = RawMqtt.open(port, 65_536)) {
            subscriber.getOutputStream().write(RawMqtt.connect("slow"));
            subscriber.getOutputStream().write(RawMqtt.subscribe(1, "flood/#", 1));
            assertThat(RawMqtt.readPacket(subscriber.getInputStream())).isEqualTo(0x20);
            assertThat(RawMqtt.readPacket(subscriber.getInputStream())).isEqualTo(0x90);
            // from here on the subscriber reads nothing

            AtomicLong sent0 = new AtomicLong();
            AtomicLong sent1 = new AtomicLong();
            Thread flood0 = flood(qos0, "q0", 0, sent0);
            Thread flood1 = flood(qos1, "q1", 1, sent1);
            AtomicReference<IOException> ackFailure = new AtomicReference<>();
            Thread acks = drain(qos1.getInputStream(), ackFailure);

            long peak = 0;
            long lastTotal = -1;
            long stalledSince = System.nanoTime();
            while (System.nanoTime() - stalledSince < 1_500_000_000L) {
                peak = Math.max(peak, broker.router().stats().queuedBytes());
                long total = sent0.get() + sent1.get();
                if (total != lastTotal) {
                    lastTotal = total;
                    stalledSince = System.nanoTime();
                }
                assertThat(total).as("both floods were written completely: nothing stopped them")
                        .isLessThan(2L * MESSAGES);
                LockSupport.parkNanos(POLL_NANOS);
            }
            assertThat(peak).as("peak queued bytes").isGreaterThan(BUDGET / 2).isLessThan(2 * BUDGET);
            assertThat(flood0.isAlive() && flood1.isAlive()).isTrue();

            subscriber.close(); // its clean session ends, the queue is freed, the publishers are read again
            flood0.join(60_000);
            flood1.join(60_000);
            assertThat(sent0.get() + sent1.get()).isEqualTo(2L * MESSAGES);
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.router().stats().queuedBytes() == 0);
            assertThat(ackFailure.get()).isNull();
            assertThat(acks.isAlive()).isTrue();
        }
    }

    private static Thread flood(Socket socket, String clientId, int qos, AtomicLong sent) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(RawMqtt.connect(clientId));
        InputStream in = socket.getInputStream();
        assertThat(RawMqtt.readPacket(in)).isEqualTo(0x20);
        Thread thread = new Thread(() -> {
            try {
                for (int i = 0; i < MESSAGES; i++) {
                    out.write(RawMqtt.publish("flood/" + clientId, PAYLOAD, qos, 1 + i % 60_000));
                    sent.incrementAndGet();
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "flood-" + clientId);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Reads (and forgets) the QoS 1 publisher's PUBACKs so that it is never the slow one. */
    private static Thread drain(InputStream in, AtomicReference<IOException> failure) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                while (in.read(buffer) >= 0) {
                    continue;
                }
            } catch (IOException e) {
                failure.set(e); // checked while the connection must be up; later the test closes the socket
            }
        }, "acks");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
