package io.switchboard.mqtt.handler;

import static io.switchboard.mqtt.handler.Bytes.b;
import static io.switchboard.mqtt.handler.Bytes.concat;
import static io.switchboard.mqtt.handler.Bytes.connect311;
import static io.switchboard.mqtt.handler.Bytes.connect5;
import static io.switchboard.mqtt.handler.Bytes.hex;
import static io.switchboard.mqtt.handler.Bytes.packet;
import static io.switchboard.mqtt.handler.Bytes.props;
import static io.switchboard.mqtt.handler.Bytes.str;
import static io.switchboard.mqtt.handler.Bytes.u16;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.mqtt.MqttSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CONNECT packets refused before any session is opened, and bytes that never make a CONNECT. */
@Timeout(10)
class ConnectRefusalTest {
    private static final MqttSettings SETTINGS = new MqttSettings("127.0.0.1", 0, -1, "/mqtt", 1024, 23,
            "[a-z0-9-]+", true, 60, 16, 8, 3600, 10);

    private TestConnection client = new TestConnection(SETTINGS, TestConnection.noRouter());

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void unsupportedProtocolLevelGetsReturnCode1ThenClose() {
        client.send(packet(0x10, concat(str("MQTT"), b(6, 0x02), u16(60), str("c1"))));

        assertThat(client.receivedHex()).isEqualTo("20 02 00 01"); // [MQTT-3.1.2-2]
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void packetBeforeConnectClosesWithoutAnswer() {
        client.send(hex("c0 00")); // PINGREQ

        assertThat(client.received()).isEmpty(); // [MQTT-3.1.0-1]
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void malformedRemainingLengthClosesWithoutAnswer() {
        client.send(hex("10 ff ff ff ff 01"));

        assertThat(client.received()).isEmpty();
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void unknownPacketTypeFirstClosesWithoutAnswer() {
        client.send(hex("00 00"));

        assertThat(client.received()).isEmpty();
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void httpRequestIsClosedAtOnceWithoutWaitingForMoreBytes() {
        client.send("GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        assertThat(client.received()).isEmpty();
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void mqtt311EmptyClientIdWithPersistentSessionIsRejected() {
        client.send(connect311(0x00, str("")));

        assertThat(client.receivedHex()).isEqualTo("20 02 00 02"); // [MQTT-3.1.3-8]
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void mqtt31EmptyClientIdIsRejected() {
        client.send(packet(0x10, concat(str("MQIsdp"), b(3, 0x02), u16(60), str(""))));

        assertThat(client.receivedHex()).isEqualTo("20 02 00 02");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void mqtt311ClientIdTooLongIsRejected() {
        client.send(connect311(0x02, str("a".repeat(24))));

        assertThat(client.receivedHex()).isEqualTo("20 02 00 02");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void mqtt5ClientIdNotMatchingThePatternGets0x85() {
        client.send(connect5(0x02, props(), str("Upper_Case")));

        assertThat(client.receivedHex()).isEqualTo("20 03 00 85 00");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void mqtt5AuthenticationMethodGets0x8C() {
        client.send(connect5(0x02, props(b(0x15), str("SCRAM-SHA-1")), str("c1")));

        assertThat(client.receivedHex()).isEqualTo("20 03 00 8c 00");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void mqtt5ReservedConnectFlagIsMalformed() {
        client.send(connect5(0x03, props(), str("c1")));

        assertThat(client.receivedHex()).isEqualTo("20 03 00 81 00"); // [MQTT-3.1.2-3]
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void mqtt311ReservedConnectFlagClosesWithoutAnswer() {
        client.send(connect311(0x03, str("c1")));

        assertThat(client.received()).isEmpty(); // [MQTT-3.1.2-3]
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void mqtt5WillTopicWithWildcardGets0x90() {
        client.send(connect5(0x06, props(), str("c1"), props(), str("will/#"), str("bye")));

        assertThat(client.receivedHex()).isEqualTo("20 03 00 90 00");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void mqtt5WillResponseTopicWithWildcardIsRefusedWithConnack() {
        client.send(connect5(0x06, props(), str("c1"), props(b(0x08), str("reply/#")), str("will/t"), str("bye")));

        assertThat(client.receivedHex()).isEqualTo("20 03 00 82 00");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void mqtt5ReceiveMaximumZeroIsAProtocolError() {
        client.send(connect5(0x02, props(b(0x21), u16(0)), str("c1")));

        assertThat(client.receivedHex()).isEqualTo("20 03 00 82 00");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void willQosWithoutWillFlagClosesMqtt311() {
        client.send(connect311(0x0A, str("c1")));

        assertThat(client.received()).isEmpty(); // [MQTT-3.1.2-11]
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void connectLargerThanTheMaximumPacketSizeIsRefusedForMqtt5() {
        client.send(connect5(0x02, props(b(0x26), str("k"), str("v".repeat(2000))), str("c1")));

        assertThat(client.receivedHex()).isEqualTo("20 03 00 95 00");
        assertThat(client.isOpen()).isFalse();
    }
}
