package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.switchboard.amqp.AmqpMessages;
import io.switchboard.amqp.ProtonClient;
import io.switchboard.broker.config.ConfigLoader;
import io.switchboard.router.api.QueueSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The brief's MQTT <-> AMQP mapping, both ways, every mapped field checked, through the real broker: HiveMQ's
 * MQTT 5 client on one side, a proton-j client on the other.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MqttAmqpMappingTest {
    @TempDir
    Path dir;

    private Broker broker;
    private Mqtt5BlockingClient mqtt;
    private ProtonClient amqp;
    private Session session;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(ConfigLoader.load(BrokerProcess.SHIPPED_CONFIG, Map.of(), List.of("mqtt.port=0",
                "mqtt.websocket_port=-1", "amqp.port=0", "http.port=-1", "sys.interval_seconds=0",
                "storage.dir=" + dir.resolve("data"))));
        mqtt = MqttClient.builder().useMqttVersion5().identifier("mapping-mqtt").serverHost("127.0.0.1")
                .serverPort(broker.mqttPort()).buildBlocking();
        mqtt.connect();
        amqp = ProtonClient.opened(broker.amqpPort());
        session = amqp.connection.session();
        session.open();
    }

    @AfterEach
    void stop() throws Exception {
        if (mqtt != null) {
            mqtt.disconnect();
        }
        amqp.close();
        broker.close();
    }

    @Test
    void mqttPublishReachesAnAmqpWildcardReceiverWithEveryFieldMapped() throws Exception {
        Receiver receiver = ProtonClient.receiver(session, "topic://sensors/#");
        receiver.flow(10);
        amqp.pumpUntil(() -> receiver.getRemoteState() == EndpointState.ACTIVE);
        // a round trip after the attach: the subscription exists before MQTT publishes
        Session probe = amqp.connection.session();
        probe.open();
        amqp.pumpUntil(() -> probe.getRemoteState() == EndpointState.ACTIVE);

        long before = System.currentTimeMillis();
        mqtt.publishWith().topic("sensors/1/temp").qos(MqttQos.AT_LEAST_ONCE)
                .payload("21.5".getBytes(StandardCharsets.UTF_8))
                .userProperties().add("unit", "celsius").add("site", "lab").applyUserProperties()
                .responseTopic("replies/1").correlationData(new byte[] {1, 2, 3}).messageExpiryInterval(60)
                .contentType("text/plain").send();
        mqtt.publishWith().topic("sensors/2/temp").qos(MqttQos.AT_MOST_ONCE)
                .payload("19".getBytes(StandardCharsets.UTF_8)).send();

        Delivery[] deliveries = new Delivery[2];
        Message[] messages = new Message[2];
        int[] count = {0};
        amqp.pumpUntil(() -> {
            Delivery d;
            while (count[0] < 2 && (d = receiver.current()) != null && !d.isPartial()) {
                byte[] bytes = new byte[d.pending()];
                receiver.recv(bytes, 0, bytes.length);
                receiver.advance();
                messages[count[0]] = Proton.message();
                messages[count[0]].decode(bytes, 0, bytes.length);
                deliveries[count[0]++] = d;
            }
            return count[0] == 2;
        });
        Message qos1 = messages[0];
        assertThat(((Data) qos1.getBody()).getValue()).isEqualTo(new Binary("21.5".getBytes(StandardCharsets.UTF_8)));
        assertThat(qos1.getAddress()).isEqualTo("sensors/1/temp");
        assertThat(qos1.getApplicationProperties().getValue())
                .containsExactly(Map.entry("unit", "celsius"), Map.entry("site", "lab"));
        assertThat(qos1.getReplyTo()).isEqualTo("replies/1");
        assertThat(qos1.getCorrelationId()).isEqualTo(new Binary(new byte[] {1, 2, 3}));
        assertThat(qos1.getContentType()).isEqualTo("text/plain");
        assertThat(qos1.getTtl()).isBetween(50_000L, 60_000L);
        assertThat(qos1.getExpiryTime()).isBetween(before + 59_000, System.currentTimeMillis() + 60_000);
        assertThat(qos1.isDurable()).isTrue();
        assertThat(deliveries[0].remotelySettled()).as("QoS 1 arrives unsettled").isFalse();
        deliveries[0].disposition(Accepted.getInstance());
        deliveries[0].settle();

        Message qos0 = messages[1];
        assertThat(qos0.getAddress()).isEqualTo("sensors/2/temp");
        assertThat(qos0.getApplicationProperties()).isNull();
        assertThat(qos0.getReplyTo()).isNull();
        assertThat(qos0.getCorrelationId()).isNull();
        assertThat(qos0.getHeader().getTtl()).isNull();
        assertThat(deliveries[1].remotelySettled()).as("QoS 0 arrives pre-settled").isTrue();
        amqp.pumpUntil(() -> true);
    }

    @Test
    void mqttTelemetryFlowsIntoAQueueBoundToATopicFilterAndOutToAnAmqpConsumer() throws Exception {
        broker.router().queues().declare(QueueSpec.onDemand("telemetry").withBindings(List.of("sensors/#")));
        for (int i = 0; i < 3; i++) {
            mqtt.publishWith().topic("sensors/" + i + "/temp").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(("t" + i).getBytes(StandardCharsets.UTF_8)).userProperties().add("n", "" + i)
                    .applyUserProperties().send();
        }
        mqtt.publishWith().topic("other/1").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {0}).send();
        Receiver receiver = ProtonClient.receiver(session, "queue://telemetry");
        receiver.flow(10);
        List<String> bodies = new java.util.ArrayList<>();
        amqp.pumpUntil(() -> ProtonClient.drain(receiver, bodies) && bodies.size() == 3);
        assertThat(bodies).containsExactly("t0", "t1", "t2");
        // a round trip, then nothing else arrived: the queue holds only what matched its binding
        Session probe = amqp.connection.session();
        probe.open();
        amqp.pumpUntil(() -> probe.getRemoteState() == EndpointState.ACTIVE);
        ProtonClient.drain(receiver, bodies);
        assertThat(bodies).hasSize(3);
        amqp.pumpUntil(() -> broker.router().queues().lookup("telemetry").depth() == 0);
    }

    @Test
    void amqpTransferReachesAnMqttSubscriberWithTheInverseMapping() throws Exception {
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = mqtt.publishes(MqttGlobalPublishFilter.ALL)) {
            mqtt.subscribeWith().topicFilter("devices/+/cmd").qos(MqttQos.AT_LEAST_ONCE).send();
            Sender unsettled = ProtonClient.sender(session, "topic://devices/1/cmd", SenderSettleMode.UNSETTLED);
            Sender settled = ProtonClient.sender(session, "topic://devices/2/cmd", SenderSettleMode.SETTLED);
            amqp.pumpUntil(() -> unsettled.getCredit() > 0 && settled.getCredit() > 0);

            Message message = Proton.message();
            message.setBody(new Data(new Binary("{\"cmd\":\"reboot\"}".getBytes(StandardCharsets.UTF_8))));
            Properties properties = new Properties();
            properties.setReplyTo("topic://devices/1/ack");
            properties.setCorrelationId("c-1");
            properties.setContentType(Symbol.valueOf("application/json"));
            message.setProperties(properties);
            Header header = new Header();
            header.setTtl(UnsignedInteger.valueOf(30_000));
            message.setHeader(header);
            Map<String, Object> application = new HashMap<>();
            application.put("origin", "backend");
            message.setApplicationProperties(new ApplicationProperties(application));
            byte[] encoded = AmqpMessages.encode(message);
            Delivery sent = unsettled.delivery(new byte[] {1});
            unsettled.send(encoded, 0, encoded.length);
            unsettled.advance();
            amqp.pumpUntil(() -> sent.getRemoteState() != null);
            assertThat(sent.getRemoteState()).isInstanceOf(Accepted.class);

            Mqtt5Publish first = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(first.getTopic().toString()).isEqualTo("devices/1/cmd");
            assertThat(first.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            assertThat(new String(first.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"cmd\":\"reboot\"}");
            assertThat(first.getUserProperties().asList()).extracting(Mqtt5UserProperty::getName,
                            Mqtt5UserProperty::getValue).map(Object::toString)
                    .containsExactly("(origin, backend)");
            assertThat(first.getResponseTopic().orElseThrow().toString()).isEqualTo("devices/1/ack");
            assertThat(first.getCorrelationData().orElseThrow())
                    .isEqualTo(ByteBuffer.wrap("c-1".getBytes(StandardCharsets.UTF_8)));
            assertThat(first.getContentType().orElseThrow().toString()).isEqualTo("application/json");
            assertThat(first.getMessageExpiryInterval().orElseThrow()).isBetween(25L, 30L);

            Message list = Proton.message();
            list.setBody(new AmqpValue(List.of("a", 1)));
            ProtonClient.send(settled, list);
            amqp.pumpUntil(() -> true);
            Mqtt5Publish second = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(second.getTopic().toString()).isEqualTo("devices/2/cmd");
            assertThat(second.getQos()).as("pre-settled is QoS 0").isEqualTo(MqttQos.AT_MOST_ONCE);
            assertThat(second.getContentType().orElseThrow().toString())
                    .isEqualTo(AmqpMessages.AMQP_BODY_CONTENT_TYPE);
            Message decoded = Proton.message();
            byte[] payload = second.getPayloadAsBytes();
            decoded.decode(payload, 0, payload.length);
            assertThat(((AmqpValue) decoded.getBody()).getValue()).isEqualTo(List.of("a", 1));
        }
    }
}
