package io.switchboard.mqtt.conformance;

import static io.switchboard.mqtt.RawPackets.DISCONNECT;
import static io.switchboard.mqtt.RawPackets.MAXIMUM_PACKET_SIZE;
import static io.switchboard.mqtt.RawPackets.PINGRESP;
import static io.switchboard.mqtt.RawPackets.PUBACK;
import static io.switchboard.mqtt.RawPackets.PUBREC;
import static io.switchboard.mqtt.RawPackets.RECEIVE_MAXIMUM;
import static io.switchboard.mqtt.RawPackets.V311;
import static io.switchboard.mqtt.RawPackets.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.mqtt.Clients;
import io.switchboard.mqtt.MqttSettings;
import io.switchboard.mqtt.RawClient;
import io.switchboard.mqtt.RawPacket;
import io.switchboard.mqtt.RawPackets;
import io.switchboard.mqtt.TestBroker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MQTT 5 flow control: Receive Maximum (section 4.9) and Maximum Packet Size, both directions. */
class FlowControlTest {
    private static final int BROKER_RECEIVE_MAXIMUM = 2;
    private static final int BROKER_MAX_PACKET = 1024;
    private static final long BROKER_MAX_SESSION_EXPIRY = 100;

    private static TestBroker broker;

    @RegisterExtension
    final Clients clients = new Clients(() -> broker);

    @BeforeAll
    static void start() {
        MqttSettings d = MqttSettings.DEFAULTS;
        broker = TestBroker.start(new MqttSettings(d.host(), 0, 0, d.websocketPath(), BROKER_MAX_PACKET,
                d.maxClientIdLength(), d.clientIdPattern(), d.allowEmptyClientId(), d.maxKeepAliveSeconds(),
                BROKER_RECEIVE_MAXIMUM, d.topicAliasMaximum(), BROKER_MAX_SESSION_EXPIRY,
                d.connectTimeoutSeconds()));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    @DisplayName("[MQTT-3.3.4-9] [MQTT-4.9.0-2] [MQTT-4.9.0-3] the broker keeps at most the client's Receive Maximum QoS 1 messages unacknowledged")
    void brokerRespectsClientReceiveMaximum() {
        String topic = Clients.unique("flow/rm");
        RawClient subscriber = clients.raw();
        subscriber.connect(RawPackets.connectBuilder(V5, Clients.unique("slow"))
                .properties(new RawPackets.Props().u16(RECEIVE_MAXIMUM, 2)).build());
        subscriber.subscribe(1, topic, 1);
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        for (int i = 1; i <= 5; i++) {
            publisher.send(RawPackets.publish(V5, topic, 1, i, "m" + i));
            publisher.expectAck(PUBACK);
        }
        List<RawPacket.Publish> inFlight = new ArrayList<>();
        inFlight.add(subscriber.expectPublish());
        inFlight.add(subscriber.expectPublish());
        subscriber.send(RawPackets.pingreq());
        assertThat(subscriber.read().type()).as("a third PUBLISH exceeded the receive maximum").isEqualTo(PINGRESP);

        List<String> payloads = new ArrayList<>();
        while (payloads.size() < 5) {
            RawPacket.Publish oldest = inFlight.remove(0);
            payloads.add(oldest.payloadText());
            subscriber.send(RawPackets.ack(PUBACK, oldest.packetId()));
            if (payloads.size() + inFlight.size() < 5) {
                inFlight.add(subscriber.expectPublish());
                assertThat(inFlight).hasSizeLessThanOrEqualTo(2);
            }
        }
        assertThat(payloads).containsExactly("m1", "m2", "m3", "m4", "m5");
    }

    @Test
    @DisplayName("[MQTT-3.3.4-7] a client that exceeds the broker's Receive Maximum gets DISCONNECT 0x93")
    void clientExceedsReceiveMaximum() {
        RawClient client = clients.raw();
        RawPacket.Connack connack = client.connect(RawPackets.connect(V5, Clients.unique("greedy"), true, 30));
        assertThat(connack.properties().number(RECEIVE_MAXIMUM)).isEqualTo(BROKER_RECEIVE_MAXIMUM);
        String topic = Clients.unique("flow/greedy");
        for (int i = 1; i <= BROKER_RECEIVE_MAXIMUM + 1; i++) {
            client.trySend(RawPackets.publish(V5, topic, 2, i, "unreleased " + i));
        }
        for (int i = 1; i <= BROKER_RECEIVE_MAXIMUM; i++) {
            assertThat(client.expectAck(PUBREC).packetId()).isEqualTo(i);
        }
        assertThat(client.expect(DISCONNECT).disconnectReason()).isEqualTo(0x93);
        client.expectClosed();
    }

    @Test
    @DisplayName("[MQTT-3.2.2-15] v5: a packet above the broker's Maximum Packet Size gets DISCONNECT 0x95")
    void clientPacketTooLargeV5() {
        RawClient client = clients.raw();
        RawPacket.Connack connack = client.connect(RawPackets.connect(V5, Clients.unique("big"), true, 30));
        assertThat(connack.properties().number(MAXIMUM_PACKET_SIZE)).isEqualTo(BROKER_MAX_PACKET);
        client.trySend(RawPackets.publish(V5, Clients.unique("flow/big"), 0, false, false, 0, null,
                new byte[BROKER_MAX_PACKET]));
        assertThat(client.expect(DISCONNECT).disconnectReason()).isEqualTo(0x95);
        client.expectClosed();
    }

    @Test
    @DisplayName("[MQTT-3.2.2-15] 3.1.1: a packet above the broker's maximum size closes the connection")
    void clientPacketTooLarge311() {
        RawClient client = clients.connected(V311, Clients.unique("big"));
        client.trySend(RawPackets.publish(V311, Clients.unique("flow/big"), 0, false, false, 0, null,
                new byte[BROKER_MAX_PACKET]));
        client.expectClosed();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-24] [MQTT-3.1.2-25] the broker never sends a packet above the client's Maximum Packet Size; it skips the message")
    void brokerRespectsClientMaximumPacketSize() {
        String topic = Clients.unique("flow/small");
        RawClient subscriber = clients.raw();
        subscriber.connect(RawPackets.connectBuilder(V5, Clients.unique("small"))
                .properties(new RawPackets.Props().u32(MAXIMUM_PACKET_SIZE, 128)).build());
        subscriber.subscribe(1, topic, 1);
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publisher.send(RawPackets.publish(V5, topic, 1, false, false, 1, null, new byte[200]));
        publisher.expectAck(PUBACK);
        publisher.send(RawPackets.publish(V5, topic, 1, 2, "fits"));
        publisher.expectAck(PUBACK);
        RawPacket.Publish received = subscriber.expectPublish();
        assertThat(received.payloadText()).as("the oversized message was sent").isEqualTo("fits");
        subscriber.send(RawPackets.ack(PUBACK, received.packetId()));
    }

    @Test
    @DisplayName("3.2.2.3.2: a session expiry above the broker's maximum is lowered and the value used is announced in CONNACK")
    void sessionExpiryCapped() {
        RawClient greedy = clients.raw();
        RawPacket.Connack capped = greedy.connect(RawPackets.connectBuilder(V5, Clients.unique("long"))
                .properties(new RawPackets.Props().u32(RawPackets.SESSION_EXPIRY, 100_000)).build());
        assertThat(capped.properties().number(RawPackets.SESSION_EXPIRY)).isEqualTo(BROKER_MAX_SESSION_EXPIRY);

        RawClient modest = clients.raw();
        RawPacket.Connack kept = modest.connect(RawPackets.connectBuilder(V5, Clients.unique("short"))
                .properties(new RawPackets.Props().u32(RawPackets.SESSION_EXPIRY, 30)).build());
        if (kept.properties().has(RawPackets.SESSION_EXPIRY)) {
            assertThat(kept.properties().number(RawPackets.SESSION_EXPIRY)).isEqualTo(30);
        }
    }

    @Test
    @DisplayName("[MQTT-4.9.0-2] [MQTT-4.9.0-3] a QoS 2 delivery holds its Receive Maximum slot until PUBCOMP, not PUBREC")
    void qos2SlotFreedAtPubcomp() {
        String topic = Clients.unique("flow/q2window");
        RawClient subscriber = clients.raw();
        subscriber.connect(RawPackets.connectBuilder(V5, Clients.unique("window1"))
                .properties(new RawPackets.Props().u16(RECEIVE_MAXIMUM, 1)).build());
        subscriber.subscribe(1, topic, 2);
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        for (int i = 1; i <= 2; i++) {
            publisher.send(RawPackets.publish(V5, topic, 1, i, "m" + i));
            publisher.expectAck(PUBACK);
        }
        RawPacket.Publish first = subscriber.expectPublish();
        assertThat(first.payloadText()).isEqualTo("m1");
        subscriber.send(RawPackets.ack(RawPackets.PUBREC, first.packetId()));
        assertThat(subscriber.expectAck(RawPackets.PUBREL).packetId()).isEqualTo(first.packetId());
        subscriber.send(RawPackets.pingreq());
        assertThat(subscriber.read().type()).as("second PUBLISH before PUBCOMP freed the slot").isEqualTo(PINGRESP);
        subscriber.send(RawPackets.ack(RawPackets.PUBCOMP, first.packetId()));
        RawPacket.Publish second = subscriber.expectPublish();
        assertThat(second.payloadText()).isEqualTo("m2");
    }
}
