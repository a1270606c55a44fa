package io.switchboard.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.switchboard.mqtt.Clients;
import io.switchboard.mqtt.SharedBroker;
import io.switchboard.mqtt.TestBroker;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MQTT over WebSocket on path /mqtt ([MQTT-6.0.0-*]), with the HiveMQ client, to and from TCP clients. */
class WebSocketInteropTest {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    @Test
    @DisplayName("[MQTT-6.0.0-1] [MQTT-6.0.0-4] MQTT 5 over WebSocket: QoS 1 round trip with a TCP client, both directions")
    void webSocketV5RoundTrip() throws InterruptedException {
        String toWs = Clients.unique("ws5/in");
        String fromWs = Clients.unique("ws5/out");
        Mqtt5BlockingClient ws = clients.track(clients.hivemq5(Clients.unique("ws5")).serverPort(broker.get().websocketPort())
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking());
        Mqtt5BlockingClient tcp = clients.track(clients.hivemq5(Clients.unique("tcp5")).buildBlocking());
        ws.connect();
        tcp.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes wsInbox = ws.publishes(MqttGlobalPublishFilter.ALL);
             Mqtt5BlockingClient.Mqtt5Publishes tcpInbox = tcp.publishes(MqttGlobalPublishFilter.ALL)) {
            ws.subscribeWith().topicFilter(toWs).qos(MqttQos.AT_LEAST_ONCE).send();
            tcp.subscribeWith().topicFilter(fromWs).qos(MqttQos.AT_LEAST_ONCE).send();
            byte[] large = new byte[70_000];
            large[large.length - 1] = 42;
            tcp.publishWith().topic(toWs).qos(MqttQos.AT_LEAST_ONCE).payload(large).send();
            ws.publishWith().topic(fromWs).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("from websocket".getBytes(StandardCharsets.UTF_8)).send();

            Optional<Mqtt5Publish> atWs = wsInbox.receive(5, TimeUnit.SECONDS);
            assertThat(atWs).isPresent();
            assertThat(atWs.get().getPayloadAsBytes()).containsExactly(large);
            Optional<Mqtt5Publish> atTcp = tcpInbox.receive(5, TimeUnit.SECONDS);
            assertThat(atTcp).isPresent();
            assertThat(new String(atTcp.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("from websocket");
        }
    }

    @Test
    @DisplayName("[MQTT-6.0.0-1] MQTT 3.1.1 over WebSocket: QoS 2 round trip to itself")
    void webSocketV3RoundTrip() throws InterruptedException {
        String topic = Clients.unique("ws3/loop");
        Mqtt3BlockingClient ws = clients.track(clients.hivemq3(Clients.unique("ws3")).serverPort(broker.get().websocketPort())
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking());
        ws.connect();
        try (Mqtt3BlockingClient.Mqtt3Publishes inbox = ws.publishes(MqttGlobalPublishFilter.ALL)) {
            ws.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
            ws.publishWith().topic(topic).qos(MqttQos.EXACTLY_ONCE)
                    .payload("loop".getBytes(StandardCharsets.UTF_8)).send();
            Optional<Mqtt3Publish> received = inbox.receive(5, TimeUnit.SECONDS);
            assertThat(received).isPresent();
            assertThat(received.get().getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
            assertThat(new String(received.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("loop");
        }
    }
}
