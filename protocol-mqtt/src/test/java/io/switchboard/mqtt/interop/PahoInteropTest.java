package io.switchboard.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.mqtt.Clients;
import io.switchboard.mqtt.SharedBroker;
import io.switchboard.mqtt.TestBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Eclipse Paho Java client (MQTT 3.1.1) against the broker. */
class PahoInteropTest {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    /** A Paho client whose received messages land in {@link #inbox}. */
    private final class Paho implements MqttCallback, AutoCloseable {
        final MqttClient client;
        final BlockingQueue<MqttMessage> inbox = new LinkedBlockingQueue<>();

        Paho(String id, int port) throws MqttException {
            client = new MqttClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
            client.setCallback(this);
            clients.track(this);
        }

        void connect(MqttConnectOptions options) throws MqttException {
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setConnectionTimeout(5);
            options.setAutomaticReconnect(false);
            client.connect(options);
        }

        String next() throws InterruptedException {
            MqttMessage message = inbox.poll(5, TimeUnit.SECONDS);
            assertThat(message).as("message within 5 s").isNotNull();
            return new String(message.getPayload(), StandardCharsets.UTF_8);
        }

        @Override
        public void connectionLost(Throwable cause) {
            inbox.offer(new MqttMessage("connection lost".getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            inbox.add(message);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // completion is observed through the blocking publish call
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                try {
                    client.disconnect(1_000);
                } catch (MqttException e) {
                    if (e.getReasonCode() != MqttException.REASON_CODE_CLIENT_NOT_CONNECTED
                            && e.getReasonCode() != MqttException.REASON_CODE_CLIENT_ALREADY_DISCONNECTED) {
                        throw e;
                    }
                }
            }
            client.close(true);
        }
    }

    private Paho connected(String id) throws MqttException {
        Paho paho = new Paho(id, broker.get().port());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        paho.connect(options);
        return paho;
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    @DisplayName("QoS 0/1/2 round trip between two Paho clients")
    void roundTrip(int qos) throws Exception {
        String topic = Clients.unique("paho/qos" + qos);
        Paho subscriber = connected(Clients.unique("paho-sub"));
        Paho publisher = connected(Clients.unique("paho-pub"));
        subscriber.client.subscribe(topic, qos);
        for (int i = 0; i < 10; i++) {
            publisher.client.publish(topic, ("m" + i).getBytes(StandardCharsets.UTF_8), qos, false);
        }
        for (int i = 0; i < 10; i++) {
            MqttMessage message = subscriber.inbox.poll(5, TimeUnit.SECONDS);
            assertThat(message).isNotNull();
            assertThat(new String(message.getPayload(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
            assertThat(message.getQos()).isEqualTo(qos);
        }
    }

    @Test
    @DisplayName("retained message delivered to a later subscriber with the retained flag")
    void retained() throws Exception {
        String topic = Clients.unique("paho/retained");
        Paho publisher = connected(Clients.unique("paho-pub"));
        publisher.client.publish(topic, "state".getBytes(StandardCharsets.UTF_8), 1, true);
        Paho subscriber = connected(Clients.unique("paho-sub"));
        subscriber.client.subscribe(topic, 1);
        MqttMessage message = subscriber.inbox.poll(5, TimeUnit.SECONDS);
        assertThat(message).isNotNull();
        assertThat(message.isRetained()).isTrue();
        assertThat(new String(message.getPayload(), StandardCharsets.UTF_8)).isEqualTo("state");
    }

    @Test
    @DisplayName("will published when the client's connection fails")
    void will() throws Exception {
        String topic = Clients.unique("paho/will");
        Paho watcher = connected(Clients.unique("paho-watch"));
        watcher.client.subscribe(topic, 1);
        try (CuttableLink link = new CuttableLink(broker.get().port())) {
            Paho dying = new Paho(Clients.unique("paho-dying"), link.port());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setWill(topic, "lost".getBytes(StandardCharsets.UTF_8), 1, false);
            dying.connect(options);
            link.cut();
            assertThat(watcher.next()).isEqualTo("lost");
        }
    }

    @Test
    @DisplayName("persistent session: messages published while disconnected are all delivered on reconnect")
    void persistentSession() throws Exception {
        String topic = Clients.unique("paho/session");
        String id = Clients.unique("paho-persistent");
        MqttConnectOptions persistent = new MqttConnectOptions();
        persistent.setCleanSession(false);
        Paho first = new Paho(id, broker.get().port());
        first.connect(persistent);
        first.client.subscribe(topic, 2);
        first.client.disconnect(1_000);

        Paho publisher = connected(Clients.unique("paho-pub"));
        for (int i = 0; i < 5; i++) {
            publisher.client.publish(topic, ("offline " + i).getBytes(StandardCharsets.UTF_8), 1 + i % 2, false);
        }

        Paho second = new Paho(id, broker.get().port());
        second.connect(persistent);
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            received.add(second.next());
        }
        // Paho hands a QoS 2 message to the application at PUBREL, so QoS 1 and 2 may interleave differently.
        assertThat(received).containsExactlyInAnyOrder("offline 0", "offline 1", "offline 2", "offline 3", "offline 4");
        assertThat(received.stream().filter(m -> m.endsWith("0") || m.endsWith("2") || m.endsWith("4")))
                .as("QoS 1 messages in order").containsExactly("offline 0", "offline 2", "offline 4");
    }
}
