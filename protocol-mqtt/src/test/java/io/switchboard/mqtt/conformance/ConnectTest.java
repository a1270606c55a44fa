package io.switchboard.mqtt.conformance;

import static io.switchboard.mqtt.RawPackets.ASSIGNED_CLIENT_ID;
import static io.switchboard.mqtt.RawPackets.DISCONNECT;
import static io.switchboard.mqtt.RawPackets.MAXIMUM_PACKET_SIZE;
import static io.switchboard.mqtt.RawPackets.RECEIVE_MAXIMUM;
import static io.switchboard.mqtt.RawPackets.RETAIN_AVAILABLE;
import static io.switchboard.mqtt.RawPackets.SERVER_KEEP_ALIVE;
import static io.switchboard.mqtt.RawPackets.SESSION_EXPIRY;
import static io.switchboard.mqtt.RawPackets.SHARED_SUBSCRIPTION_AVAILABLE;
import static io.switchboard.mqtt.RawPackets.SUBSCRIPTION_ID_AVAILABLE;
import static io.switchboard.mqtt.RawPackets.TOPIC_ALIAS_MAXIMUM;
import static io.switchboard.mqtt.RawPackets.V311;
import static io.switchboard.mqtt.RawPackets.V5;
import static io.switchboard.mqtt.RawPackets.WILDCARD_AVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.mqtt.Clients;
import io.switchboard.mqtt.MqttSettings;
import io.switchboard.mqtt.RawClient;
import io.switchboard.mqtt.RawPacket;
import io.switchboard.mqtt.RawPackets;
import io.switchboard.mqtt.SharedBroker;
import io.switchboard.mqtt.TestBroker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CONNECT and CONNACK (sections 3.1 and 3.2), MQTT 3.1, 3.1.1 and 5.0 on a real socket. */
class ConnectTest {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.1.4-5] [MQTT-3.2.2-2] an accepted clean CONNECT gets CONNACK 0 with session present 0")
    void acceptedCleanConnect(int version) {
        RawClient client = clients.raw();
        client.send(RawPackets.connect(version, Clients.unique("c"), true, 30));
        RawPacket packet = client.expect(RawPackets.CONNACK);
        if (version == V311) {
            assertThat(packet.body()).containsExactly(0, 0);
        }
        RawPacket.Connack connack = packet.connack(version);
        assertThat(connack.reasonCode()).isZero();
        assertThat(connack.sessionPresent()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-2] an MQTT 3.1 CONNECT (MQIsdp, level 3) is accepted")
    void mqtt31Accepted() {
        RawClient client = clients.raw();
        client.send(RawPackets.connect(3, Clients.unique("c31"), true, 30));
        RawPacket packet = client.expect(RawPackets.CONNACK);
        assertThat(packet.body()).containsExactly(0, 0);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.1.2-5] [MQTT-3.2.2-3] clean start 0 resumes the session: session present 1")
    void sessionPresentOnResume(int version) {
        String id = Clients.unique("resume");
        RawClient first = clients.persistent(version, id);
        first.send(RawPackets.disconnect(version));
        first.expectClosed();
        RawClient second = clients.raw();
        RawPackets.Connect connect = RawPackets.connectBuilder(version, id).cleanStart(false);
        if (version == V5) {
            connect.properties(new RawPackets.Props().u32(SESSION_EXPIRY, 300));
        }
        RawPacket.Connack connack = second.connect(connect.build());
        assertThat(connack.reasonCode()).isZero();
        assertThat(connack.sessionPresent()).isTrue();
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.1.2-4] [MQTT-3.2.2-2] clean start 1 discards the stored session and its subscriptions")
    void cleanStartDiscardsSession(int version) {
        String id = Clients.unique("discard");
        String topic = Clients.unique("discard/t");
        RawClient first = clients.persistent(version, id);
        first.subscribe(1, topic, 1);
        first.send(RawPackets.disconnect(version));
        first.expectClosed();

        RawClient second = clients.raw();
        RawPacket.Connack connack = second.connect(RawPackets.connect(version, id, true, 30));
        assertThat(connack.sessionPresent()).isFalse();
        String marker = Clients.unique("discard/marker");
        second.subscribe(2, marker, 0);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, topic, 0, 0, "old subscription"),
                RawPackets.publish(version, marker, 0, 0, "marker"));
        assertThat(second.expectPublish().topic()).isEqualTo(marker);
    }

    @Test
    @DisplayName("[MQTT-3.1.3-6] [MQTT-3.1.3-7] [MQTT-3.2.2-16] v5: an empty client id gets a unique Assigned Client Identifier")
    void assignedClientIdentifier() {
        RawClient one = clients.raw();
        RawPacket.Connack first = one.connect(RawPackets.connect(V5, "", true, 30));
        RawClient two = clients.raw();
        RawPacket.Connack second = two.connect(RawPackets.connect(V5, "", true, 30));
        assertThat(first.reasonCode()).isZero();
        assertThat(second.reasonCode()).isZero();
        String id1 = first.properties().string(ASSIGNED_CLIENT_ID);
        String id2 = second.properties().string(ASSIGNED_CLIENT_ID);
        assertThat(id1).isNotEmpty();
        assertThat(id2).isNotEmpty().isNotEqualTo(id1);
    }

    @Test
    @DisplayName("[MQTT-3.1.3-6] v3.1.1: an empty client id with clean session 1 is accepted")
    void emptyClientIdCleanSession311() {
        RawClient client = clients.raw();
        RawPacket.Connack connack = client.connect(RawPackets.connect(V311, "", true, 30));
        assertThat(connack.reasonCode()).isZero();
        client.send(RawPackets.pingreq());
        client.expect(RawPackets.PINGRESP);
    }

    @Test
    @DisplayName("[MQTT-3.1.3-8] v3.1.1: an empty client id with clean session 0 gets CONNACK 0x02 and a close")
    void emptyClientIdPersistent311() {
        RawClient client = clients.raw();
        RawPacket.Connack connack = client.connect(RawPackets.connect(V311, "", false, 30));
        assertThat(connack.reasonCode()).isEqualTo(0x02);
        assertThat(connack.sessionPresent()).isFalse();
        client.expectClosed();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-2] an unsupported protocol level gets CONNACK 0x01 (or 0x84) and a close")
    void unsupportedProtocolLevel() {
        RawClient client = clients.raw();
        client.send(RawPackets.connect(6, Clients.unique("lvl6"), true, 30));
        RawPacket packet = client.expect(RawPackets.CONNACK);
        assertThat(packet.body()[1] & 0xFF).isIn(0x01, 0x84);
        client.expectClosed();
    }

    @Test
    @DisplayName("[MQTT-3.1.4-3] v5: a second connection with the same client id sends the first DISCONNECT 0x8E and closes it")
    void sessionTakeoverV5() {
        String id = Clients.unique("takeover");
        RawClient first = clients.connected(V5, id);
        RawClient second = clients.connected(V5, id);
        RawPacket disconnect = first.expect(DISCONNECT);
        assertThat(disconnect.disconnectReason()).isEqualTo(0x8E);
        first.expectClosed();
        second.send(RawPackets.pingreq());
        second.expect(RawPackets.PINGRESP);
    }

    @Test
    @DisplayName("[MQTT-3.1.4-2] v3.1.1: a second connection with the same client id closes the first")
    void sessionTakeover311() {
        String id = Clients.unique("takeover");
        RawClient first = clients.connected(V311, id);
        RawClient second = clients.connected(V311, id);
        first.expectClosed();
        second.send(RawPackets.pingreq());
        second.expect(RawPackets.PINGRESP);
    }

    @Test
    @DisplayName("[MQTT-3.2.2-9] [MQTT-3.2.2-15] [MQTT-3.2.2-18] v5 CONNACK announces the broker's limits and capabilities")
    void connackAnnouncesCapabilities() {
        RawClient client = clients.raw();
        RawPacket.Connack connack = client.connect(RawPackets.connect(V5, Clients.unique("caps"), true, 30));
        RawPacket.Properties props = connack.properties();
        MqttSettings defaults = MqttSettings.DEFAULTS;
        assertThat(props.number(RECEIVE_MAXIMUM)).isEqualTo(defaults.receiveMaximum());
        assertThat(props.number(TOPIC_ALIAS_MAXIMUM)).isEqualTo(defaults.topicAliasMaximum());
        assertThat(props.number(MAXIMUM_PACKET_SIZE)).isEqualTo(defaults.maxPacketSize());
        for (int capability : new int[] {RETAIN_AVAILABLE, WILDCARD_AVAILABLE, SUBSCRIPTION_ID_AVAILABLE,
                SHARED_SUBSCRIPTION_AVAILABLE}) {
            if (props.has(capability)) {
                assertThat(props.number(capability)).as("capability 0x%02X", capability).isEqualTo(1);
            }
        }
    }

    @Test
    @DisplayName("[MQTT-3.2.2-21] [MQTT-3.2.2-22] v5: keep alive 0 or above the maximum is answered with Server Keep Alive")
    void serverKeepAlive() {
        int max = MqttSettings.DEFAULTS.maxKeepAliveSeconds();
        RawClient zero = clients.raw();
        RawPacket.Connack zeroAck = zero.connect(RawPackets.connect(V5, Clients.unique("ka0"), true, 0));
        assertThat(zeroAck.properties().number(SERVER_KEEP_ALIVE)).isEqualTo(max);

        RawClient high = clients.raw();
        RawPacket.Connack highAck = high.connect(RawPackets.connect(V5, Clients.unique("kahi"), true, max + 60));
        assertThat(highAck.properties().number(SERVER_KEEP_ALIVE)).isEqualTo(max);

        RawClient within = clients.raw();
        RawPacket.Connack withinAck = within.connect(RawPackets.connect(V5, Clients.unique("ka"), true, 30));
        if (withinAck.properties().has(SERVER_KEEP_ALIVE)) {
            assertThat(withinAck.properties().number(SERVER_KEEP_ALIVE)).isEqualTo(30);
        }
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.1.4-3] [MQTT-3.2.2-3] a takeover with clean start 0 keeps the session: session present 1, subscriptions live")
    void takeoverKeepsSession(int version) {
        String id = Clients.unique("takeover-keep");
        String topic = Clients.unique("takeover/t");
        RawClient first = clients.persistent(version, id);
        first.subscribe(1, topic, 1);
        RawClient second = clients.persistent(version, id);
        assertThat(second.lastConnack().sessionPresent()).isTrue();
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, topic, 0, 0, "after takeover"));
        assertThat(second.expectPublish().payloadText()).isEqualTo("after takeover");
    }
}
