package io.switchboard.mqtt.handler;

import static io.switchboard.mqtt.handler.Bytes.b;
import static io.switchboard.mqtt.handler.Bytes.concat;
import static io.switchboard.mqtt.handler.Bytes.connect311;
import static io.switchboard.mqtt.handler.Bytes.connect5;
import static io.switchboard.mqtt.handler.Bytes.packet;
import static io.switchboard.mqtt.handler.Bytes.props;
import static io.switchboard.mqtt.handler.Bytes.str;
import static io.switchboard.mqtt.handler.Bytes.u16;
import static io.switchboard.mqtt.handler.Bytes.u32;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SUBSCRIBE / UNSUBSCRIBE answers and session lifecycle (takeover, resume, shutdown) with a real router. */
@Timeout(10)
class SubscriptionAndSessionTest {
    private final BrokerHarness broker = new BrokerHarness(ConnectedConnectionTest.SETTINGS);
    private final TestConnection client = broker.newConnection();

    @AfterEach
    void close() {
        broker.close();
    }

    private List<MqttMessage> received5(TestConnection connection) {
        broker.pump();
        return ClientDecoder.decode(connection.received(), MqttVersion.MQTT_5);
    }

    private void connect5Ok(TestConnection connection, String id) {
        connection.send(connect5(0x02, props(), str(id)));
        assertThat(received5(connection)).singleElement().extracting(p -> p.fixedHeader().messageType())
                .isEqualTo(MqttMessageType.CONNACK);
    }

    private static int disconnectReason(List<MqttMessage> packets) {
        assertThat(packets).singleElement().extracting(p -> p.fixedHeader().messageType())
                .isEqualTo(MqttMessageType.DISCONNECT);
        return ((MqttReasonCodeAndPropertiesVariableHeader) packets.get(0).variableHeader()).reasonCode() & 0xFF;
    }

    @Test
    void subackCarriesGrantedQosAndFailureCodesPerFilter() {
        connect5Ok(client, "c1");
        client.send(packet(0x82, u16(3), props(), str("a/+"), b(2), str("a/#/b"), b(1), str("$share//x"), b(0)));

        List<MqttMessage> got = received5(client);
        assertThat(((MqttSubAckMessage) got.get(0)).payload().reasonCodes()).containsExactly(2, 0x8F, 0x8F);
    }

    @Test
    void mqtt311InvalidFilterGets0x80() {
        client.send(connect311(0x02, str("c1")));
        client.received();
        client.send(packet(0x82, u16(3), str("a/#/b"), b(1)));

        assertThat(client.receivedHex()).isEqualTo("90 03 00 03 80");
    }

    @Test
    void noLocalOnASharedSubscriptionIsAProtocolError() {
        connect5Ok(client, "c1");
        client.send(packet(0x82, u16(1), props(), str("$share/g/t"), b(0x04)));

        assertThat(disconnectReason(received5(client))).isEqualTo(0x82); // [MQTT-3.8.3-4]
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void subscriptionIdentifierZeroIsAProtocolError() {
        connect5Ok(client, "c1");
        client.send(packet(0x82, u16(1), props(b(0x0B, 0)), str("t"), b(0)));

        assertThat(disconnectReason(received5(client))).isEqualTo(0x82);
    }

    @Test
    void unsubackSaysWhetherTheSubscriptionExisted() {
        connect5Ok(client, "c1");
        client.send(packet(0x82, u16(1), props(), str("x"), b(0)));
        client.received();
        client.send(packet(0xA2, u16(2), props(), str("x"), str("y")));

        List<MqttMessage> got = received5(client);
        assertThat(((MqttUnsubAckMessage) got.get(0)).payload().unsubscribeReasonCodes())
                .containsExactly((short) 0x00, (short) 0x11);
    }

    @Test
    void mqtt311UnsubackHasNoPayload() {
        client.send(connect311(0x02, str("c1")));
        client.received();
        client.send(packet(0xA2, u16(9), str("x")));

        assertThat(client.receivedHex()).isEqualTo("b0 02 00 09");
    }

    @Test
    void secondConnectionWithTheSameIdTakesTheSessionOver() {
        connect5Ok(client, "same");
        TestConnection second = broker.newConnection();
        connect5Ok(second, "same");

        assertThat(disconnectReason(received5(client))).isEqualTo(0x8E); // [MQTT-3.1.4-3]
        assertThat(client.isOpen()).isFalse();
        assertThat(second.isOpen()).isTrue();
    }

    @Test
    void persistentSessionIsPresentOnReconnect() {
        client.send(connect311(0x00, str("keep")));
        assertThat(client.receivedHex()).isEqualTo("20 02 00 00");
        client.send(concat(packet(0x82, u16(1), str("k"), b(1)), packet(0xE0)));
        client.received();

        TestConnection again = broker.newConnection();
        again.send(connect311(0x00, str("keep")));
        assertThat(again.receivedHex()).isEqualTo("20 02 01 00"); // [MQTT-3.2.2-2]
    }

    @Test
    void mqtt5SessionExpiryZeroOnDisconnectEndsTheSession() {
        client.send(connect5(0x02, props(b(0x11), u32(60)), str("expiring")));
        received5(client);
        client.send(packet(0xE0, b(0x00), props(b(0x11), u32(0))));

        assertThat(client.isOpen()).isFalse();
        assertThat(broker.router.hasSession("expiring")).isFalse();
    }

    @Test
    void shutdownSendsServerShuttingDown() {
        connect5Ok(client, "c1");
        broker.router.shutdown();

        assertThat(disconnectReason(received5(client))).isEqualTo(0x8B);
        assertThat(client.isOpen()).isFalse();
    }
}
