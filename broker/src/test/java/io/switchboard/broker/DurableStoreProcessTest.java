package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable store through real broker processes: a clean restart keeps persistent sessions and retained
 * messages, a backup of a stopped broker opens as a store, a damaged file is refused (or salvaged on request),
 * two brokers never share a data directory, and a full store refuses QoS 1 with the protocol's answer.
 */
@Timeout(90)
class DurableStoreProcessTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @TempDir
    Path workDir;

    private Path dataDir() {
        return workDir.resolve("data");
    }

    private static Mqtt5AsyncClient v5(String id, int port) {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1").serverPort(port)
                .buildAsync();
    }

    private static void publish(int port, String topic, String payload, boolean retain) throws Exception {
        Mqtt5AsyncClient publisher = v5("publisher", port);
        publisher.connect().get(10, TimeUnit.SECONDS);
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send().get(10, TimeUnit.SECONDS);
        publisher.disconnect().get(10, TimeUnit.SECONDS);
    }

    private static void stop(DurableBroker broker) throws InterruptedException {
        broker.output().sigterm();
        assertThat(broker.output().awaitExit(TIMEOUT)).as(broker.output().text()).isZero();
        assertThat(broker.output().find(Pattern.compile("INFO  BrokerStorage storage\\.closed "))).isPresent();
    }

    /** Fills a persistent session's queue and a retained topic, then stops the broker with SIGTERM. */
    private void fillAndStop(int queued) throws Exception {
        try (DurableBroker broker = DurableBroker.start(workDir, dataDir())) {
            Mqtt5AsyncClient subscriber = v5("keeper", broker.port());
            subscriber.connectWith().sessionExpiryInterval(3_600).send().get(10, TimeUnit.SECONDS);
            subscriber.subscribeWith().topicFilter("keep/#").qos(MqttQos.AT_LEAST_ONCE).send()
                    .get(10, TimeUnit.SECONDS);
            subscriber.disconnect().get(10, TimeUnit.SECONDS);
            for (int i = 1; i <= queued; i++) {
                publish(broker.port(), "keep/queued", "m" + i, false);
            }
            publish(broker.port(), "status/door", "open", true);
            stop(broker);
        }
    }

    /** The session "keeper" resumes with its queue, and status/door is retained. */
    private static void assertRecovered(int port, int queued) throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        Mqtt5AsyncClient subscriber = v5("keeper", port);
        subscriber.publishes(MqttGlobalPublishFilter.ALL,
                p -> received.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
        Mqtt5ConnAck connAck = subscriber.connectWith().cleanStart(false).sessionExpiryInterval(3_600).send()
                .get(10, TimeUnit.SECONDS);
        assertThat(connAck.isSessionPresent()).isTrue();
        org.awaitility.Awaitility.await("queued messages").atMost(TIMEOUT).until(() -> received.size() >= queued);
        assertThat(received).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, queued).mapToObj(i -> "m" + i).toList());
        subscriber.disconnect().get(10, TimeUnit.SECONDS);

        CompletableFuture<Mqtt5Publish> retained = new CompletableFuture<>();
        Mqtt5AsyncClient reader = v5("reader", port);
        reader.connect().get(10, TimeUnit.SECONDS);
        reader.subscribeWith().topicFilter("status/#").callback(retained::complete).send().get(10, TimeUnit.SECONDS);
        Mqtt5Publish door = retained.get(10, TimeUnit.SECONDS);
        assertThat(door.isRetain()).isTrue();
        assertThat(new String(door.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("open");
        reader.disconnect().get(10, TimeUnit.SECONDS);
    }

    @Test
    void sessionsAndRetainedSurviveACleanRestartAndABackup() throws Exception {
        fillAndStop(5);
        Path backup = workDir.resolve("backup");
        try (ProcessOutput copy = BrokerProcess.launch(workDir, "backup", "--config",
                BrokerProcess.SHIPPED_CONFIG.toString(), "--set", "storage.dir=" + dataDir(),
                "--to", backup.toString())) {
            assertThat(copy.awaitExit(TIMEOUT)).as(copy.text()).isZero();
            assertThat(copy.text()).contains("backup written to " + backup.resolve("switchboard.db"));
        }
        try (DurableBroker restarted = DurableBroker.start(workDir, dataDir())) {
            assertThat(restarted.output().find(Pattern.compile(
                    "storage\\.opened dir=\\S+ sessions=1 retained=1 durability=local store=mapdb")))
                    .as(restarted.output().text()).isPresent();
            assertRecovered(restarted.port(), 5);
            stop(restarted);
        }
        try (DurableBroker fromBackup = DurableBroker.start(workDir, backup)) {
            assertRecovered(fromBackup.port(), 5);
            stop(fromBackup);
        }
    }

    @Test
    void aTruncatedStoreIsRefusedThenSalvagedOnRequest() throws Exception {
        fillAndStop(3);
        Path db = dataDir().resolve("switchboard.db");
        try (FileChannel channel = FileChannel.open(db, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() / 2);
        }
        long tornSize = Files.size(db);
        try (ProcessOutput refused = DurableBroker.launch(workDir, dataDir())) {
            assertThat(refused.awaitExit(TIMEOUT)).as(refused.text()).isEqualTo(Main.EXIT_FAILURE);
            assertThat(refused.find(Pattern.compile("ERROR StartCommand storage\\.refused reason=\"data file "
                    + Pattern.quote(db.toAbsolutePath().toString()) + " cannot be used: .*Nothing was changed.*"
                    + "--set storage\\.recovery=salvage.*\"$"))).as(refused.text()).isPresent();
            assertThat(refused.text()).doesNotContain("\tat ").doesNotContain("broker.started");
        }
        assertThat(Files.size(db)).as("refusing changes nothing").isEqualTo(tornSize);

        try (DurableBroker salvaged = DurableBroker.start(workDir, dataDir(), "storage.recovery=salvage")) {
            assertThat(salvaged.output().find(Pattern.compile("ERROR .*store\\.salvaged damaged=\\S+"
                    + "switchboard\\.db\\.corrupt-\\S+ "))).as(salvaged.output().text()).isPresent();
            try (Stream<Path> files = Files.list(dataDir())) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .anyMatch(name -> name.startsWith("switchboard.db.corrupt-"));
            }
            Mqtt5AsyncClient client = v5("after-salvage", salvaged.port());
            client.connect().get(10, TimeUnit.SECONDS);
            client.disconnect().get(10, TimeUnit.SECONDS);
            stop(salvaged);
        }
    }

    @Test
    void aSecondBrokerOrABackupOnTheSameDataDirectoryIsRefusedNamingTheOwner() throws Exception {
        try (DurableBroker first = DurableBroker.start(workDir, dataDir())) {
            try (ProcessOutput second = DurableBroker.launch(workDir, dataDir())) {
                assertThat(second.awaitExit(TIMEOUT)).as(second.text()).isEqualTo(Main.EXIT_FAILURE);
                assertThat(second.find(Pattern.compile("ERROR StartCommand storage\\.refused reason=\"data directory"
                        + " \\S+ is in use by process " + first.pid() + " "))).as(second.text()).isPresent();
            }
            try (ProcessOutput backup = BrokerProcess.launch(workDir, "backup", "--config",
                    BrokerProcess.SHIPPED_CONFIG.toString(), "--set", "storage.dir=" + dataDir(),
                    "--to", workDir.resolve("backup").toString())) {
                assertThat(backup.awaitExit(TIMEOUT)).as(backup.text()).isEqualTo(Main.EXIT_FAILURE);
                assertThat(backup.text()).contains("backup: data directory").contains("in use by process "
                        + first.pid());
            }
            Mqtt5AsyncClient client = v5("still-served", first.port());
            client.connect().get(10, TimeUnit.SECONDS);
            client.disconnect().get(10, TimeUnit.SECONDS);
            stop(first);
        }
    }

    @Test
    void aFullStoreRefusesQos1WithQuotaExceededAndLetsQos0Through() throws Exception {
        try (DurableBroker broker = DurableBroker.start(workDir, dataDir(), "storage.max_size=100")) {
            int port = broker.port();
            CompletableFuture<Mqtt5Publish> qos0 = new CompletableFuture<>();
            Mqtt5AsyncClient subscriber = v5("full-sub", port);
            subscriber.connect().get(10, TimeUnit.SECONDS);
            subscriber.subscribeWith().topicFilter("full/#").qos(MqttQos.AT_LEAST_ONCE).callback(qos0::complete)
                    .send().get(10, TimeUnit.SECONDS);
            byte[] payload = new byte[200];

            Mqtt5AsyncClient v5 = v5("full-v5", port);
            v5.connect().get(10, TimeUnit.SECONDS);
            Throwable refused = failureOf(v5.publishWith().topic("full/v5").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload).send());
            assertThat(refused).isInstanceOf(Mqtt5PubAckException.class);
            assertThat(((Mqtt5PubAckException) refused).getMqttMessage().getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
            assertThat(v5.getState().isConnected()).isTrue();

            CompletableFuture<Void> closed = new CompletableFuture<>();
            Mqtt3AsyncClient v3 = MqttClient.builder().useMqttVersion3().identifier("full-v311")
                    .serverHost("127.0.0.1").serverPort(port)
                    .addDisconnectedListener(context -> closed.complete(null)).buildAsync();
            v3.connect().get(10, TimeUnit.SECONDS);
            CompletableFuture<?> v3Publish = v3.publishWith().topic("full/v311").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload).send();
            closed.get(10, TimeUnit.SECONDS);
            assertThat(failureOf(v3Publish)).as("no PUBACK: the connection closed").isNotNull();

            v5.publishWith().topic("full/qos0").qos(MqttQos.AT_MOST_ONCE).payload(payload).send()
                    .get(10, TimeUnit.SECONDS);
            assertThat(qos0.get(10, TimeUnit.SECONDS).getTopic().toString()).isEqualTo("full/qos0");
            v5.disconnect().get(10, TimeUnit.SECONDS);
            subscriber.disconnect().get(10, TimeUnit.SECONDS);
            stop(broker);
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
