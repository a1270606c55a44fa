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
import static io.switchboard.mqtt.handler.Bytes.u32;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.switchboard.mqtt.MqttSettings;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connections accepted by a real router: CONNACK contents and protocol errors after CONNECT. */
@Timeout(10)
class ConnectedConnectionTest {
    static final MqttSettings SETTINGS = new MqttSettings("127.0.0.1", 0, -1, "/mqtt", 1024, 64, null, true, 60,
            16, 8, 3600, 10);

    private final BrokerHarness broker = new BrokerHarness(SETTINGS);
    private final TestConnection client = broker.newConnection();

    @AfterEach
    void close() {
        broker.close();
    }

    private static int intProperty(MqttProperties properties, int id) {
        return (Integer) properties.getProperty(id).value();
    }

    /** Connects with MQTT 5 and returns the CONNACK's properties. */
    private MqttProperties connect5Ok(byte[] properties, String clientId) {
        client.send(connect5(0x02, properties, str(clientId)));
        List<MqttMessage> packets = ClientDecoder.decode(client.received(), MqttVersion.MQTT_5);
        assertThat(packets).hasSize(1);
        MqttConnAckMessage connack = (MqttConnAckMessage) packets.get(0);
        assertThat(connack.variableHeader().connectReturnCode().byteValue()).isZero();
        return connack.variableHeader().properties();
    }

    /** The reason code of the one DISCONNECT the broker sent, after which it closed the connection. */
    private int disconnectReason() {
        List<MqttMessage> packets = ClientDecoder.decode(client.received(), MqttVersion.MQTT_5);
        assertThat(packets).hasSize(1);
        assertThat(packets.get(0).fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
        assertThat(client.isOpen()).isFalse();
        return ((MqttReasonCodeAndPropertiesVariableHeader) packets.get(0).variableHeader()).reasonCode() & 0xFF;
    }

    @Test
    void mqtt311ConnackIsAcceptedWithoutSessionPresent() {
        client.send(connect311(0x02, str("c1")));

        assertThat(client.receivedHex()).isEqualTo("20 02 00 00");
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void mqtt5ConnackAnnouncesTheBrokerLimits() {
        MqttProperties p = connect5Ok(props(), "c1");

        assertThat(intProperty(p, MqttProperties.RECEIVE_MAXIMUM)).isEqualTo(16);
        assertThat(intProperty(p, MqttProperties.MAXIMUM_PACKET_SIZE)).isEqualTo(1024);
        assertThat(intProperty(p, MqttProperties.TOPIC_ALIAS_MAXIMUM)).isEqualTo(8);
        assertThat(intProperty(p, MqttProperties.RETAIN_AVAILABLE)).isEqualTo(1);
        assertThat(intProperty(p, MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE)).isEqualTo(1);
        assertThat(intProperty(p, MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE)).isEqualTo(1);
        assertThat(intProperty(p, MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE)).isEqualTo(1);
        assertThat(p.getProperty(MqttProperties.SERVER_KEEP_ALIVE)).isNull(); // 60 asked, 60 granted
        assertThat(p.getProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER)).isNull();
        assertThat(p.getProperty(MqttProperties.SESSION_EXPIRY_INTERVAL)).isNull();
    }

    @Test
    void mqtt5EmptyClientIdGetsAnAssignedIdentifier() {
        MqttProperties p = connect5Ok(props(), "");

        String assigned = (String) p.getProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER).value();
        assertThat(assigned).isNotEmpty(); // [MQTT-3.2.2-16]
        assertThat(broker.router.hasSession(assigned)).isTrue();
    }

    @Test
    void mqtt5SessionExpiryAboveTheMaximumIsCappedAndAnnounced() {
        MqttProperties p = connect5Ok(props(b(0x11), u32(7200)), "c1");

        assertThat(intProperty(p, MqttProperties.SESSION_EXPIRY_INTERVAL)).isEqualTo(3600);
    }

    @Test
    void mqtt5KeepAliveZeroGetsTheMaximumAsServerKeepAlive() {
        client.send(packet(0x10, concat(str("MQTT"), b(5, 0x02), u16(0), props(), str("c1"))));
        List<MqttMessage> packets = ClientDecoder.decode(client.received(), MqttVersion.MQTT_5);

        MqttProperties p = ((MqttConnAckMessage) packets.get(0)).variableHeader().properties();
        assertThat(intProperty(p, MqttProperties.SERVER_KEEP_ALIVE)).isEqualTo(60);
    }

    @Test
    void packetsPipelinedBehindConnectAreAnsweredAfterConnack() {
        client.send(concat(connect311(0x02, str("c1")), hex("c0 00"), hex("c0 00")));

        assertThat(client.receivedHex()).isEqualTo("20 02 00 00 d0 00 d0 00");
    }

    @Test
    void secondConnectIsAProtocolError() {
        connect5Ok(props(), "c1");
        client.send(connect311(0x02, str("c1")));

        assertThat(disconnectReason()).isEqualTo(0x82); // [MQTT-3.1.0-2]
    }

    @Test
    void secondConnectClosesAnMqtt311Connection() {
        client.send(connect311(0x02, str("c1")));
        client.received();
        client.send(connect311(0x02, str("c1")));

        assertThat(client.received()).isEmpty();
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void authWithoutAuthenticationMethodIsAProtocolError() {
        connect5Ok(props(), "c1");
        client.send(packet(0xF0, b(0x18), props()));

        assertThat(disconnectReason()).isEqualTo(0x82);
    }

    @Test
    void publishTopicWithWildcardIsTopicNameInvalid() {
        connect5Ok(props(), "c1");
        client.send(packet(0x30, str("a/+"), props(), b('x')));

        assertThat(disconnectReason()).isEqualTo(0x90); // [MQTT-3.3.2-2]
    }

    @Test
    void publishWithQos3IsMalformed() {
        connect5Ok(props(), "c1");
        client.send(packet(0x36, str("a"), u16(1), props(), b('x')));

        assertThat(disconnectReason()).isEqualTo(0x81); // [MQTT-3.3.1-4]
    }

    @Test
    void reservedFlagBitsAreMalformed() {
        connect5Ok(props(), "c1");
        client.send(hex("c1 00")); // PINGREQ with flag bit 0

        assertThat(disconnectReason()).isEqualTo(0x81);
    }

    @Test
    void packetOverTheMaximumSizeIsPacketTooLarge() {
        connect5Ok(props(), "c1");
        client.send(packet(0x30, str("a"), props(), new byte[2000]));

        assertThat(disconnectReason()).isEqualTo(0x95);
    }

    @Test
    void truncatedPublishIsMalformedAtOnce() {
        connect5Ok(props(), "c1");
        client.send(packet(0x32, str("trunc"))); // QoS 1 without packet identifier

        assertThat(disconnectReason()).isEqualTo(0x81); // [MQTT-3.3.1-4] malformed
    }

    @Test
    void truncatedPublishClosesAnMqtt311Connection() {
        client.send(connect311(0x02, str("c1")));
        client.received();
        client.send(packet(0x32, str("trunc")));

        assertThat(client.received()).isEmpty();
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void dupFlagOnQos0PublishIsMalformed() {
        connect5Ok(props(), "c1");
        client.send(packet(0x38, str("t"), props(), b('x')));

        assertThat(disconnectReason()).isEqualTo(0x81); // [MQTT-3.3.1-2]
    }

    @Test
    void reservedSubscriptionOptionBitsAreMalformed() {
        connect5Ok(props(), "c1");
        client.send(packet(0x82, u16(1), props(), str("t"), b(0xC1)));

        assertThat(disconnectReason()).isEqualTo(0x81); // [MQTT-3.8.3-5]
    }

    @Test
    void mqtt311ReservedSubscriptionOptionBitsClose() {
        client.send(connect311(0x02, str("c1")));
        client.received();
        client.send(packet(0x82, u16(1), str("t"), b(0x05)));

        assertThat(client.received()).isEmpty(); // [MQTT-3.8.3-4]
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void goodPacketsBeforeABadOneInTheSameReadAreHandled() {
        connect5Ok(props(), "c1");
        client.send(concat(hex("c0 00"), packet(0x32, str("trunc"))));

        List<MqttMessage> packets = ClientDecoder.decode(client.received(), MqttVersion.MQTT_5);
        assertThat(packets).extracting(p -> p.fixedHeader().messageType())
                .containsExactly(MqttMessageType.PINGRESP, MqttMessageType.DISCONNECT);
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void topicAliasZeroIsInvalid() {
        connect5Ok(props(), "c1");
        client.send(packet(0x30, str("a"), props(b(0x23), u16(0)), b('x')));

        assertThat(disconnectReason()).isEqualTo(0x94); // [MQTT-3.3.2-8]
    }

    @Test
    void topicAliasAboveTheAnnouncedMaximumIsInvalid() {
        connect5Ok(props(), "c1");
        client.send(packet(0x30, str("a"), props(b(0x23), u16(9)), b('x')));

        assertThat(disconnectReason()).isEqualTo(0x94); // [MQTT-3.3.2-9]
    }

    @Test
    void emptyTopicWithoutAliasIsAProtocolError() {
        connect5Ok(props(), "c1");
        client.send(packet(0x30, str(""), props(), b('x')));

        assertThat(disconnectReason()).isEqualTo(0x82);
    }

    @Test
    void emptyTopicWithAnUnknownAliasIsAProtocolError() {
        connect5Ok(props(), "c1");
        client.send(packet(0x30, str(""), props(b(0x23), u16(3)), b('x')));

        assertThat(disconnectReason()).isEqualTo(0x82);
    }

    @Test
    void mqtt311EmptyTopicClosesTheConnection() {
        client.send(connect311(0x02, str("c1")));
        client.received();
        client.send(packet(0x30, str(""), b('x')));

        assertThat(client.received()).isEmpty(); // [MQTT-4.7.3-1]
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void pingReqIsAnsweredWithPingResp() {
        client.send(connect311(0x02, str("c1")));
        client.received();
        client.send(hex("c0 00"));

        assertThat(client.receivedHex()).isEqualTo("d0 00"); // [MQTT-3.12.4-1]
    }

    @Test
    void disconnectRaisingSessionExpiryFromZeroIsAProtocolError() {
        connect5Ok(props(), "c1");
        client.send(packet(0xE0, b(0x00), props(b(0x11), u32(60))));

        assertThat(disconnectReason()).isEqualTo(0x82); // [MQTT-3.14.2-2]
    }

    @Test
    void normalDisconnectEndsACleanSession() {
        connect5Ok(props(), "c1");
        client.send(hex("e0 00"));

        assertThat(client.isOpen()).isFalse();
        assertThat(broker.router.hasSession("c1")).isFalse();
    }

    @Test
    void silentClientIsDisconnectedAfterOneAndAHalfKeepAlives() {
        client.channel.freezeTime();
        connect5Ok(props(), "c1");

        client.channel.advanceTimeBy(89, TimeUnit.SECONDS);
        client.channel.runScheduledPendingTasks();
        assertThat(client.isOpen()).isTrue();

        client.channel.advanceTimeBy(2, TimeUnit.SECONDS);
        client.channel.runScheduledPendingTasks();
        assertThat(disconnectReason()).isEqualTo(0x8D);
    }

    @Test
    void connectionWithoutConnectIsClosedAfterTheConnectTimeout() {
        client.channel.freezeTime();
        client.channel.advanceTimeBy(11, TimeUnit.SECONDS);
        client.channel.runScheduledPendingTasks();

        assertThat(client.isOpen()).isFalse();
    }
}
