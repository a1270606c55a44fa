package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.jms.CompletionListener;
import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.TextMessage;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The AMQP issue's crash test, on real broker processes with {@code storage.durability=local}: a Qpid JMS
 * producer sends persistent messages to a queue (created on first use, hence durable) with up to
 * {@link #WINDOW} sends awaiting their {@code accepted} disposition, until the broker is killed with SIGKILL at a
 * seeded random moment. After a restart on the same data directory a consumer must receive every message whose
 * send had been accepted, in sending order, each once; messages never accepted may be there or not.
 *
 * <p>Reproduce a run with {@code -Dswitchboard.crash.seed=<seed printed by the failing run>}.
 */
class AmqpQueueCrashProcessTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int WINDOW = 64;
    private static final String QUEUE = "crash-jobs";
    private static final String MARKER = "marker";
    private static final String SEQ = "seq";
    private static final Pattern AMQP_PORT = Pattern.compile("broker\\.started .* amqp=\\S+:(\\d+) ");

    @TempDir
    Path workDir;

    @ParameterizedTest(name = "kill -9 run {0}")
    @ValueSource(ints = {1, 2})
    @Timeout(60)
    void everyAcceptedMessageOfADurableQueueSurvivesKillNine(int run) throws Exception {
        long seed = Long.getLong("switchboard.crash.seed", System.nanoTime()) + run;
        long killDelayMillis = 50 + new Random(seed).nextInt(1_000);
        System.out.printf("amqp crash run %d: seed %d, kill %d ms after 10 accepted sends%n", run, seed,
                killDelayMillis);
        Path dataDir = workDir.resolve("data");

        Producer producer;
        try (DurableBroker broker = DurableBroker.start(workDir, dataDir, "amqp.port=0")) {
            producer = new Producer(amqpPort(broker));
            Thread sending = new Thread(producer::sendUntilBroken, "crash-producer");
            sending.start();
            await("10 accepted sends").atMost(TIMEOUT).pollInterval(Duration.ofMillis(5))
                    .until(() -> producer.accepted.size() >= 10);
            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(killDelayMillis);
            await("kill moment").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> System.nanoTime() >= killAt);
            broker.kill();
            sending.join(TIMEOUT.toMillis());
            assertThat(sending.isAlive()).as("the producer noticed the dead broker").isFalse();
            producer.close();
            System.out.printf("  sent %d, accepted %d%n", producer.sent.get(), producer.accepted.size());
        }

        try (DurableBroker restarted = DurableBroker.start(workDir, dataDir, "amqp.port=0")) {
            List<Integer> received = drain(amqpPort(restarted));
            String what = "sent " + producer.sent.get() + ", accepted " + producer.accepted.size() + ", received "
                    + received.size();
            assertThat(received).as(what + ": every accepted message").containsAll(producer.accepted);
            assertThat(received).as(what + ": nothing never sent").allMatch(seq -> seq >= 1
                    && seq <= producer.sent.get());
            assertThat(received).as(what + ": each once").doesNotHaveDuplicates();
            assertThat(received).as(what + ": in sending order").isSorted();
            assertThat(restarted.output().find(Pattern.compile("LEAK|Exception"))).as(restarted.output().text())
                    .isEmpty();
        }
    }

    private static int amqpPort(DurableBroker broker) {
        return Integer.parseInt(broker.output().find(AMQP_PORT).orElseThrow().group(1));
    }

    /**
     * Sends a marker behind whatever was recovered, then consumes up to it (the queue is FIFO), accepting each
     * message; returns the sequence numbers in arrival order.
     */
    private static List<Integer> drain(int port) throws Exception {
        Connection connection = new JmsConnectionFactory("amqp://127.0.0.1:" + port).createConnection();
        try {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer marker = session.createProducer(session.createQueue(QUEUE));
            marker.send(session.createTextMessage(MARKER));
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            List<Integer> received = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                Message message = consumer.receive(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                assertThat(message).as("marker behind the recovered messages (got " + received.size() + ")")
                        .isNotNull();
                // a JMS text arrives as a data section (the router's payload is bytes): read either kind
                String body = message instanceof TextMessage text ? text.getText()
                        : new String(message.getBody(byte[].class), StandardCharsets.UTF_8);
                if (body.equals(MARKER)) {
                    return received;
                }
                received.add(Integer.parseInt(body));
            }
        } finally {
            connection.close();
        }
    }

    /** One JMS connection sending persistent messages 1, 2, 3 ... asynchronously, {@link #WINDOW} at most unsettled. */
    private static final class Producer implements CompletionListener {
        final Set<Integer> accepted = new ConcurrentSkipListSet<>();
        final AtomicInteger sent = new AtomicInteger();
        private final Semaphore window = new Semaphore(WINDOW);
        private final Connection connection;
        private final Session session;
        private final MessageProducer producer;
        private volatile boolean broken;

        Producer(int port) throws JMSException {
            connection = new JmsConnectionFactory("amqp://127.0.0.1:" + port).createConnection();
            connection.setExceptionListener(e -> broken = true);
            connection.start();
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producer = session.createProducer(session.createQueue(QUEUE));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        }

        void sendUntilBroken() {
            try {
                while (!broken) {
                    if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    TextMessage message = session.createTextMessage(Integer.toString(sent.get() + 1));
                    message.setIntProperty(SEQ, sent.get() + 1);
                    producer.send(message, this);
                    sent.incrementAndGet();
                }
            } catch (JMSException e) {
                broken = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onCompletion(Message message) {
            try {
                accepted.add(message.getIntProperty(SEQ));
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
            window.release();
        }

        @Override
        public void onException(Message message, Exception exception) {
            broken = true;
            window.release();
        }

        void close() {
            try {
                connection.close();
            } catch (JMSException e) {
                // the broker is gone: nothing left to close cleanly
            }
        }
    }
}
