package io.switchboard.mqtt.badinput;

import static io.switchboard.mqtt.RawPackets.CONNACK;
import static io.switchboard.mqtt.RawPackets.DISCONNECT;
import static io.switchboard.mqtt.RawPackets.V311;
import static io.switchboard.mqtt.RawPackets.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.mqtt.Clients;
import io.switchboard.mqtt.RawClient;
import io.switchboard.mqtt.RawPacket;
import io.switchboard.mqtt.RawPackets;
import io.switchboard.mqtt.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input before and in CONNECT, sent as raw bytes. Each test checks the exact answer while a
 * {@link Bystander} keeps publishing and receiving on the same broker.
 */
class BadConnectTest {
    private static TestBroker broker;

    @RegisterExtension
    @Order(1)
    final Clients clients = new Clients(() -> broker);

    @RegisterExtension
    @Order(2)
    final Bystander bystander = new Bystander(() -> broker);

    @BeforeAll
    static void start() {
        broker = TestBroker.start(BadInputSettings.settings());
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** CONNACK refusal code for a rejected client id: 0x02 in 3.1.1, 0x85 in 5.0. */
    private static int identifierRejected(int version) {
        return version == V5 ? 0x85 : 0x02;
    }

    @ParameterizedTest(name = "first packet type {0}")
    @ValueSource(ints = {RawPackets.PUBLISH, RawPackets.SUBSCRIBE, RawPackets.PINGREQ, RawPackets.DISCONNECT})
    @DisplayName("[MQTT-3.1.0-1] a first packet other than CONNECT closes the connection without an answer")
    void packetBeforeConnect(int type) {
        byte[] packet = switch (type) {
            case RawPackets.PUBLISH -> RawPackets.publish(V311, "early/topic", 0, 0, "too early");
            case RawPackets.SUBSCRIBE -> RawPackets.subscribe(V311, 1, "early/#", 0);
            case RawPackets.PINGREQ -> RawPackets.pingreq();
            default -> RawPackets.disconnect(V311);
        };
        RawClient client = clients.raw();
        client.trySend(packet);
        client.expectClosed();
    }

    @Test
    @DisplayName("a connection that never sends CONNECT is closed after the configured connect timeout")
    void silentConnection() {
        RawClient client = clients.raw();
        long start = System.nanoTime();
        client.expectClosed(Duration.ofSeconds(BadInputSettings.CONNECT_TIMEOUT_SECONDS + 3));
        assertThat((System.nanoTime() - start) / 1_000_000)
                .isGreaterThanOrEqualTo(BadInputSettings.CONNECT_TIMEOUT_SECONDS * 1000L - 200);
    }

    @Test
    @DisplayName("a connection that sends half a CONNECT and stops is closed after the configured connect timeout")
    void partialConnect() {
        byte[] connect = RawPackets.connect(V311, Clients.unique("half"), true, 30);
        RawClient client = clients.raw();
        client.send(Arrays.copyOf(connect, connect.length / 2));
        client.expectClosed(Duration.ofSeconds(BadInputSettings.CONNECT_TIMEOUT_SECONDS + 3));
    }

    @Test
    @DisplayName("[MQTT-3.1.0-1] [MQTT-3.1.4-1] bytes that are not MQTT (an HTTP request) close the connection")
    void notMqtt() {
        RawClient client = clients.raw();
        client.trySend("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        client.expectClosed();
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.1.0-2] a second CONNECT is a protocol error: close (v5: DISCONNECT 0x82 first)")
    void secondConnect(int version) {
        RawClient client = clients.connected(version, Clients.unique("twice"));
        client.trySend(RawPackets.connect(version, Clients.unique("twice"), true, 30));
        if (version == V5) {
            assertThat(client.expect(DISCONNECT).disconnectReason()).isEqualTo(0x82);
        }
        client.expectClosed();
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.1.3-8] [MQTT-3.1.3-5] a client id longer than the configured maximum gets CONNACK 0x02 (v5 0x85) and a close")
    void overlongClientId(int version) {
        RawClient client = clients.raw();
        String id = "x".repeat(BadInputSettings.MAX_CLIENT_ID_LENGTH + 1);
        RawPacket.Connack connack = client.connect(RawPackets.connect(version, id, true, 30));
        assertThat(connack.reasonCode()).isEqualTo(identifierRejected(version));
        assertThat(connack.sessionPresent()).isFalse();
        client.expectClosed();
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.1.3-8] a client id the configured pattern rejects gets CONNACK 0x02 (v5 0x85) and a close")
    void clientIdRejectedByPattern(int version) {
        RawClient client = clients.raw();
        RawPacket.Connack connack = client.connect(RawPackets.connect(version, "bad id/with+chars", true, 30));
        assertThat(connack.reasonCode()).isEqualTo(identifierRejected(version));
        client.expectClosed();
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.1.3-5] a client id of exactly the maximum length that matches the pattern is accepted")
    void longestAcceptedClientId(int version) {
        RawClient client = clients.raw();
        String id = "y".repeat(BadInputSettings.MAX_CLIENT_ID_LENGTH - 6) + version + "abcde";
        RawPacket.Connack connack = client.connect(RawPackets.connect(version, id, true, 30));
        assertThat(connack.reasonCode()).isZero();
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.1.2-3] a CONNECT with the reserved flag set is malformed: close (v5 may send CONNACK 0x81 first)")
    void connectReservedFlag(int version) {
        byte[] connect = RawPackets.connect(version, Clients.unique("reserved"), true, 30);
        int flagsAt = 2 + 2 + 4 + 1;
        connect[flagsAt] |= 0x01;
        RawClient client = clients.raw();
        client.trySend(connect);
        expectRefusedConnect(client, version, 0x81);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.1.2-12] a CONNECT with Will QoS 3 is malformed: close (v5 may send CONNACK 0x81 first)")
    void willQos3(int version) {
        byte[] connect = RawPackets.connectBuilder(version, Clients.unique("willq3"))
                .will("will/topic", RawPackets.utf8("x"), 3, false).build();
        RawClient client = clients.raw();
        client.trySend(connect);
        expectRefusedConnect(client, version, 0x81);
    }

    @Test
    @DisplayName("[MQTT-3.1.4-1] v5: Receive Maximum 0 in CONNECT is a protocol error: CONNACK 0x82 and close")
    void receiveMaximumZero() {
        RawClient client = clients.raw();
        RawPacket.Connack connack = client.connect(RawPackets.connectBuilder(V5, Clients.unique("rm0"))
                .properties(new RawPackets.Props().u16(RawPackets.RECEIVE_MAXIMUM, 0)).build());
        assertThat(connack.reasonCode()).isEqualTo(0x82);
        client.expectClosed();
    }

    @Test
    @DisplayName("[MQTT-3.1.4-1] v5: Maximum Packet Size 0 in CONNECT is a protocol error: CONNACK 0x82 and close")
    void maximumPacketSizeZero() {
        RawClient client = clients.raw();
        RawPacket.Connack connack = client.connect(RawPackets.connectBuilder(V5, Clients.unique("mps0"))
                .properties(new RawPackets.Props().u32(RawPackets.MAXIMUM_PACKET_SIZE, 0)).build());
        assertThat(connack.reasonCode()).isEqualTo(0x82);
        client.expectClosed();
    }

    @Test
    @DisplayName("[MQTT-3.1.4-1] [MQTT-2.2.2-1] v5: a property repeated in CONNECT is a protocol error: CONNACK 0x82 and close")
    void repeatedProperty() {
        RawClient client = clients.raw();
        RawPacket.Connack connack = client.connect(RawPackets.connectBuilder(V5, Clients.unique("twice"))
                .properties(new RawPackets.Props().u32(RawPackets.SESSION_EXPIRY, 10)
                        .u32(RawPackets.SESSION_EXPIRY, 20)).build());
        assertThat(connack.reasonCode()).isEqualTo(0x82);
        client.expectClosed();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-1] an unknown protocol name closes the connection")
    void unknownProtocolName() {
        byte[] connect = RawPackets.connect(V311, Clients.unique("name"), true, 30);
        connect[4] = 'X';
        RawClient client = clients.raw();
        client.trySend(connect);
        Optional<RawPacket> answer = client.readUnlessClosed();
        if (answer.isPresent()) {
            answer.get().expectType(CONNACK);
            assertThat(answer.get().connack(V311).reasonCode()).isIn(0x01, 0x84);
            client.expectClosed();
        }
    }

    /** A refused CONNECT: for MQTT 5 an optional CONNACK with {@code v5Code}, then (always) the close. */
    private static void expectRefusedConnect(RawClient client, int version, int v5Code) {
        if (version == V5) {
            Optional<RawPacket> answer = client.readUnlessClosed();
            if (answer.isEmpty()) {
                return;
            }
            answer.get().expectType(CONNACK);
            assertThat(answer.get().connack(V5).reasonCode()).isEqualTo(v5Code);
        }
        client.expectClosed();
    }
}
