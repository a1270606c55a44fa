package io.switchboard.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.switchboard.mqtt.Clients;
import io.switchboard.mqtt.SharedBroker;
import io.switchboard.mqtt.TestBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HiveMQ MQTT client speaking MQTT 5.0 to the broker. */
class HiveMqV5InteropTest {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    private static String text(Mqtt5Publish publish) {
        return new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    private static Mqtt5Publish receive(Mqtt5BlockingClient.Mqtt5Publishes publishes) throws InterruptedException {
        Optional<Mqtt5Publish> publish = publishes.receive(5, TimeUnit.SECONDS);
        assertThat(publish).as("message within 5 s").isPresent();
        return publish.get();
    }

    private Mqtt5BlockingClient connected(String id) {
        Mqtt5BlockingClient client = clients.track(clients.hivemq5(id).buildBlocking());
        client.connect();
        return client;
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    @DisplayName("QoS 0/1/2 round trip between two HiveMQ MQTT 5 clients")
    void roundTrip(int qos) throws InterruptedException {
        String topic = Clients.unique("hive5/qos" + qos);
        Mqtt5BlockingClient subscriber = connected(Clients.unique("hive5-sub"));
        Mqtt5BlockingClient publisher = connected(Clients.unique("hive5-pub"));
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.fromCode(qos)).send();
            for (int i = 0; i < 10; i++) {
                publisher.publishWith().topic(topic).qos(MqttQos.fromCode(qos))
                        .payload(("m" + i).getBytes(StandardCharsets.UTF_8)).send();
            }
            for (int i = 0; i < 10; i++) {
                Mqtt5Publish received = receive(publishes);
                assertThat(text(received)).isEqualTo("m" + i);
                assertThat(received.getQos().getCode()).isEqualTo(qos);
            }
        }
    }

    @Test
    @DisplayName("retained message stored, delivered to a later subscriber, then deleted")
    void retained() throws InterruptedException {
        String topic = Clients.unique("hive5/retained");
        Mqtt5BlockingClient publisher = connected(Clients.unique("hive5-pub"));
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload("state".getBytes(StandardCharsets.UTF_8)).send();
        Mqtt5BlockingClient subscriber = connected(Clients.unique("hive5-sub"));
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5Publish retained = receive(publishes);
            assertThat(retained.isRetain()).isTrue();
            assertThat(text(retained)).isEqualTo("state");
        }
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).send();
        Mqtt5BlockingClient late = connected(Clients.unique("hive5-late"));
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = late.publishes(MqttGlobalPublishFilter.ALL)) {
            late.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("marker".getBytes(StandardCharsets.UTF_8)).send();
            assertThat(text(receive(publishes))).as("deleted retained message delivered").isEqualTo("marker");
        }
    }

    @Test
    @DisplayName("will published when the client's connection fails")
    void will() throws Exception {
        String topic = Clients.unique("hive5/will");
        Mqtt5BlockingClient watcher = connected(Clients.unique("hive5-watch"));
        try (CuttableLink link = new CuttableLink(broker.get().port());
             Mqtt5BlockingClient.Mqtt5Publishes publishes = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
            watcher.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient dying = clients.track(clients.hivemq5(Clients.unique("hive5-dying"))
                    .serverPort(link.port()).buildBlocking());
            dying.connectWith().willPublish().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("lost".getBytes(StandardCharsets.UTF_8)).applyWillPublish().send();
            link.cut();
            assertThat(text(receive(publishes))).isEqualTo("lost");
        }
    }

    @Test
    @DisplayName("persistent session: messages published while disconnected are all delivered on reconnect")
    void persistentSession() throws InterruptedException {
        String topic = Clients.unique("hive5/session");
        String id = Clients.unique("hive5-persistent");
        Mqtt5BlockingClient first = clients.track(clients.hivemq5(id).buildBlocking());
        Mqtt5ConnAck connAck = first.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        assertThat(connAck.isSessionPresent()).isFalse();
        first.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
        first.disconnect();

        Mqtt5BlockingClient publisher = connected(Clients.unique("hive5-pub"));
        for (int i = 0; i < 5; i++) {
            publisher.publishWith().topic(topic).qos(i % 2 == 0 ? MqttQos.AT_LEAST_ONCE : MqttQos.EXACTLY_ONCE)
                    .payload(("offline " + i).getBytes(StandardCharsets.UTF_8)).send();
        }

        Mqtt5BlockingClient second = clients.track(clients.hivemq5(id).buildBlocking());
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = second.publishes(MqttGlobalPublishFilter.ALL)) {
            Mqtt5ConnAck resumed = second.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
            assertThat(resumed.isSessionPresent()).isTrue();
            List<String> received = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                received.add(text(receive(publishes)));
            }
            assertThat(received).containsExactly("offline 0", "offline 1", "offline 2", "offline 3", "offline 4");
        }
    }
}
