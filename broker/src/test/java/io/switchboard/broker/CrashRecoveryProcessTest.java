package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The issue's crash test, on real broker processes with {@code storage.durability=local}: publishers (HiveMQ
 * MQTT 5 and 3.1.1, QoS 1 and 2) send as fast as they are acknowledged to an offline persistent session and
 * to retained topics; the broker is killed with SIGKILL at a seeded random moment; after a restart on the same
 * data directory the subscriber must get every acknowledged message (QoS 2 exactly once, every publisher's
 * messages in order) and every retained topic must hold its last acknowledged value or a later one.
 *
 * <p>Reproduce a run with {@code -Dswitchboard.crash.seed=<seed printed by the failing run>}.
 */
class CrashRecoveryProcessTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_MESSAGES_PER_PUBLISHER = 20_000;
    private static final int RETAINED_TOPICS = 3;
    private static final String SUBSCRIBER = "crash-subscriber";
    private static final Pattern SESSIONS_RECOVERED = Pattern.compile("storage\\.opened .* sessions=(\\d+) ");

    @TempDir
    Path workDir;

    @ParameterizedTest(name = "kill -9 run {0}")
    @ValueSource(ints = {1, 2, 3})
    @Timeout(60)
    void everyAcknowledgedMessageSurvivesKillNine(int run) throws Exception {
        long seed = Long.getLong("switchboard.crash.seed", System.nanoTime()) + run;
        Random random = new Random(seed);
        long killDelayMillis = 100 + random.nextInt(1_500);
        System.out.printf("crash run %d: seed %d, kill %d ms after every publisher had 10 acks%n", run, seed,
                killDelayMillis);
        Path dataDir = workDir.resolve("data");
        String[] limits = {"sessions.max_queued_messages=1000000", "sessions.max_queued_bytes=1000000000"};

        List<CrashPublisher> publishers = new ArrayList<>();
        CrashPublisher retained;
        try (DurableBroker broker = DurableBroker.start(workDir, dataDir, limits)) {
            subscribeAndGoOffline(broker.port());
            publishers.add(CrashPublisher.v5("pub-v5-q1", broker.port(), MqttQos.AT_LEAST_ONCE,
                    seq -> "crash/pub-v5-q1", false));
            publishers.add(CrashPublisher.v5("pub-v5-q2", broker.port(), MqttQos.EXACTLY_ONCE,
                    seq -> "crash/pub-v5-q2", false));
            publishers.add(CrashPublisher.v3("pub-v3-q1", broker.port(), MqttQos.AT_LEAST_ONCE,
                    seq -> "crash/pub-v3-q1"));
            publishers.add(CrashPublisher.v3("pub-v3-q2", broker.port(), MqttQos.EXACTLY_ONCE,
                    seq -> "crash/pub-v3-q2"));
            retained = CrashPublisher.v5("pub-retained", broker.port(), MqttQos.AT_LEAST_ONCE,
                    seq -> "retained/" + seq % RETAINED_TOPICS, true);
            List<CrashPublisher> all = new ArrayList<>(publishers);
            all.add(retained);
            all.forEach(p -> p.start(MAX_MESSAGES_PER_PUBLISHER));
            await("10 acknowledgements per publisher").atMost(TIMEOUT).pollInterval(Duration.ofMillis(10))
                    .until(() -> all.stream().allMatch(p -> p.acked().size() >= 10));
            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(killDelayMillis);
            await("kill moment").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> System.nanoTime() >= killAt);
            broker.kill();
            for (CrashPublisher p : all) {
                p.stop();
                System.out.printf("  %s: sent %d, acknowledged %d%n", p.name(), p.sent(), p.acked().size());
            }
        }

        Path evidence = keepEvidence(dataDir, seed);
        try (DurableBroker restarted = DurableBroker.start(workDir, dataDir, limits)) {
            assertThat(restarted.output().find(SESSIONS_RECOVERED).orElseThrow().group(1))
                    .as(restarted.output().text()).isEqualTo("1");
            Map<String, List<Integer>> received = reconnectAndDrain(restarted.port());
            for (CrashPublisher p : publishers) {
                checkDelivered(p, received.getOrDefault(p.name(), List.of()));
            }
            checkRetained(restarted.port(), retained);
            assertThat(restarted.output().find(Pattern.compile("LEAK|Exception"))).as(restarted.output().text())
                    .isEmpty();
        }
        deleteTree(evidence);
    }

    /**
     * A copy of the data directory as the kill left it, in {@code target/crash-evidence/<seed>}, kept only when
     * the run fails, so that a store that does not reopen can be examined.
     */
    private static Path keepEvidence(Path dataDir, long seed) throws IOException {
        Path evidence = Path.of("target", "crash-evidence", Long.toString(seed)).toAbsolutePath();
        Files.createDirectories(evidence);
        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path file : files.toList()) {
                Files.copy(file, evidence.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return evidence;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static Mqtt5AsyncClient subscriber(int port) {
        return MqttClient.builder().useMqttVersion5().identifier(SUBSCRIBER).serverHost("127.0.0.1")
                .serverPort(port).buildAsync();
    }

    private static void subscribeAndGoOffline(int port) throws Exception {
        Mqtt5AsyncClient client = subscriber(port);
        client.connectWith().cleanStart(true).sessionExpiryInterval(3_600).send().get(10, TimeUnit.SECONDS);
        client.subscribeWith().topicFilter("crash/#").qos(MqttQos.EXACTLY_ONCE).send().get(10, TimeUnit.SECONDS);
        client.disconnect().get(10, TimeUnit.SECONDS);
    }

    /**
     * Resumes the session and collects what it delivers, by publisher, in arrival order. A marker published
     * after the reconnect is queued behind every recovered message, so its arrival means the queue drained.
     */
    private static Map<String, List<Integer>> reconnectAndDrain(int port) throws Exception {
        Mqtt5AsyncClient client = subscriber(port);
        List<Mqtt5Publish> arrived = new CopyOnWriteArrayList<>();
        client.publishes(MqttGlobalPublishFilter.ALL, arrived::add);
        Mqtt5ConnAck connAck = client.connectWith().cleanStart(false).sessionExpiryInterval(3_600).send()
                .get(10, TimeUnit.SECONDS);
        assertThat(connAck.isSessionPresent()).as("session recovered").isTrue();
        Mqtt5AsyncClient marker = MqttClient.builder().useMqttVersion5().identifier("crash-marker")
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        marker.connect().get(10, TimeUnit.SECONDS);
        marker.publishWith().topic("crash/marker").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {'0'}).send()
                .get(10, TimeUnit.SECONDS);
        await("marker behind the recovered queue").atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> arrived.stream().anyMatch(p -> p.getTopic().toString().equals("crash/marker")));
        marker.disconnect().get(10, TimeUnit.SECONDS);
        client.disconnect().get(10, TimeUnit.SECONDS);
        Map<String, List<Integer>> byPublisher = new HashMap<>();
        for (Mqtt5Publish publish : arrived) {
            String topic = publish.getTopic().toString();
            byPublisher.computeIfAbsent(topic.substring(topic.indexOf('/') + 1), k -> new ArrayList<>())
                    .add(Integer.parseInt(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)));
        }
        return byPublisher;
    }

    private static void checkDelivered(CrashPublisher publisher, List<Integer> received) {
        String what = publisher.name() + " (acked " + publisher.acked().size() + ", received " + received.size() + ")";
        assertThat(received).as(what + ": every acknowledged message").containsAll(publisher.acked());
        assertThat(received).as(what + ": nothing never sent").allMatch(seq -> seq >= 1 && seq <= publisher.sent());
        if (publisher.qos() == MqttQos.EXACTLY_ONCE) {
            assertThat(received).as(what + ": QoS 2 exactly once").doesNotHaveDuplicates();
        }
        Set<Integer> seen = new HashSet<>();
        int last = 0;
        for (int seq : received) {
            if (seen.add(seq)) {
                assertThat(seq).as(what + ": in publishing order").isGreaterThan(last);
                last = seq;
            }
        }
    }

    /** Every retained topic holds its last acknowledged value or a later one. */
    private static void checkRetained(int port, CrashPublisher retained) throws Exception {
        Map<String, Integer> lastAcked = new HashMap<>();
        for (int seq : retained.acked()) {
            lastAcked.merge("retained/" + seq % RETAINED_TOPICS, seq, Math::max);
        }
        Map<String, Integer> held = new ConcurrentHashMap<>();
        Mqtt5AsyncClient reader = MqttClient.builder().useMqttVersion5().identifier("crash-retained-reader")
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        reader.connect().get(10, TimeUnit.SECONDS);
        reader.subscribeWith().topicFilter("retained/#").qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> held.put(p.getTopic().toString(),
                        Integer.parseInt(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))))
                .send().get(10, TimeUnit.SECONDS);
        await("retained messages").atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> held.keySet().containsAll(lastAcked.keySet()));
        reader.disconnect().get(10, TimeUnit.SECONDS);
        lastAcked.forEach((topic, seq) -> assertThat(held.get(topic))
                .as(topic + " holds its last acknowledged value " + seq + " or a later one")
                .isGreaterThanOrEqualTo(seq));
        assertThat(held.values()).allMatch(seq -> seq <= retained.sent());
    }
}
