package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.switchboard.broker.config.ConfigLoader;
import io.switchboard.router.api.QueueRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.jms.BytesMessage;
import javax.jms.Connection;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.Session;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queues declared in the {@code queues:} section of the config file: created at start, bound to their topic
 * filters (MQTT telemetry flows into them and out to a Qpid JMS consumer), and, when durable, recreated with
 * their messages from the store after a restart.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfiguredQueuesTest {
    private static final String QUEUES = """
            queues:
              - name: telemetry
                bindings: ["sensors/#"]
                max_messages: 1000
                max_bytes: 1MiB
                overflow: drop_oldest
                dead_letter_queue: telemetry-dlq
            """;

    @TempDir
    Path dir;

    private Broker start(String yaml, String... sets) throws Exception {
        Path file = dir.resolve("switchboard.yaml");
        Files.writeString(file, yaml);
        List<String> all = new java.util.ArrayList<>(List.of("mqtt.port=0", "mqtt.websocket_port=-1", "amqp.port=0",
                "http.port=-1", "sys.interval_seconds=0", "storage.dir=" + dir.resolve("data")));
        all.addAll(List.of(sets));
        return Broker.start(ConfigLoader.load(file, Map.of(), all));
    }

    private static void publish(Broker broker, String topic, String payload) {
        Mqtt5BlockingClient mqtt = MqttClient.builder().useMqttVersion5().identifier("sensor-" + topic.hashCode())
                .serverHost("127.0.0.1").serverPort(broker.mqttPort()).buildBlocking();
        mqtt.connect();
        mqtt.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8))
                .send();
        mqtt.disconnect();
    }

    /** The body of the next message on the queue, or null when none arrives in 10 s. */
    private static String receive(Broker broker, String queue) throws Exception {
        JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + broker.amqpPort());
        Connection connection = factory.createConnection();
        try {
            connection.start();
            Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            Message message = consumer.receive(10_000);
            if (message == null) {
                return null;
            }
            message.acknowledge();
            BytesMessage bytes = (BytesMessage) message;
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            return new String(body, StandardCharsets.UTF_8);
        } finally {
            connection.close();
        }
    }

    @Test
    void mqttPublishLandsInTheConfiguredQueueBoundToItsFilterAndAJmsConsumerReceivesIt() throws Exception {
        try (Broker broker = start(QUEUES)) {
            QueueRef queue = broker.router().queues().lookup("telemetry");
            assertThat(queue).as("declared at start, before any client").isNotNull();
            assertThat(queue.spec().bindings()).containsExactly("sensors/#");
            assertThat(queue.spec().maxMessages()).isEqualTo(1000);
            assertThat(queue.spec().maxBytes()).isEqualTo(1024 * 1024);
            assertThat(queue.spec().deadLetterQueue()).isEqualTo("telemetry-dlq");
            assertThat(queue.spec().durable()).as("follows storage.durability (volatile)").isFalse();

            publish(broker, "other/1/temp", "not bound");
            publish(broker, "sensors/1/temp", "21.5");
            assertThat(queue.depth()).isEqualTo(1);
            assertThat(receive(broker, "telemetry")).isEqualTo("21.5");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> queue.depth() == 0);
        }
    }

    @Test
    void aDurableConfiguredQueueIsRecreatedWithItsMessagesAfterARestart() throws Exception {
        String yaml = QUEUES.replace("bindings:", "durable: true\n    bindings:");
        try (Broker broker = start(yaml, "storage.durability=local")) {
            assertThat(broker.router().queues().lookup("telemetry").spec().durable()).isTrue();
            publish(broker, "sensors/7/temp", "kept");
        }
        try (Broker broker = start(yaml, "storage.durability=local")) {
            QueueRef queue = broker.router().queues().lookup("telemetry");
            assertThat(queue.spec().durable()).isTrue();
            assertThat(queue.depth()).isEqualTo(1);
            assertThat(receive(broker, "telemetry")).isEqualTo("kept");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> queue.depth() == 0);
        }
        try (Broker broker = start(yaml, "storage.durability=local")) {
            assertThat(broker.router().queues().lookup("telemetry").depth()).as("accepted means removed").isZero();
        }
    }
}
