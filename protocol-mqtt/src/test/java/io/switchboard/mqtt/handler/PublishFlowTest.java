package io.switchboard.mqtt.handler;

import static io.switchboard.mqtt.handler.Bytes.b;
import static io.switchboard.mqtt.handler.Bytes.binary;
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

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttProperty;
import io.netty.handler.codec.mqtt.MqttProperties.StringPair;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** PUBLISH in both directions through a real router, QoS 0/1/2, MQTT 5 properties and topic aliases. */
@Timeout(10)
class PublishFlowTest {
    private final BrokerHarness broker = new BrokerHarness(ConnectedConnectionTest.SETTINGS);
    private final TestConnection pub = broker.newConnection();
    private final TestConnection sub = broker.newConnection();

    @AfterEach
    void close() {
        broker.close();
    }

    static byte[] publish311(int qos, String topic, int packetId, String payload) {
        return packet(0x30 | qos << 1, str(topic), qos > 0 ? u16(packetId) : new byte[0],
                payload.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] publish5(int qos, String topic, int packetId, byte[] properties, String payload) {
        return packet(0x30 | qos << 1, str(topic), qos > 0 ? u16(packetId) : new byte[0], properties,
                payload.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] subscribe311(int packetId, String filter, int qos) {
        return packet(0x82, u16(packetId), str(filter), b(qos));
    }

    static byte[] subscribe5(int packetId, byte[] properties, String filter, int options) {
        return packet(0x82, u16(packetId), properties, str(filter), b(options));
    }

    private void connect311Ok(TestConnection client, String id) {
        client.send(connect311(0x02, str(id)));
        assertThat(client.receivedHex()).isEqualTo("20 02 00 00");
    }

    private void connect5Ok(TestConnection client, String id, byte[] properties) {
        client.send(connect5(0x02, properties, str(id)));
        List<MqttMessage> packets = ClientDecoder.decode(client.received(), MqttVersion.MQTT_5);
        assertThat(packets).singleElement().extracting(p -> p.fixedHeader().messageType())
                .isEqualTo(MqttMessageType.CONNACK);
    }

    /** Runs the broker's loops, then decodes what the client got. The caller releases the packets. */
    private List<MqttMessage> receive(TestConnection client, MqttVersion version) {
        broker.pump();
        return ClientDecoder.decode(client.received(), version);
    }

    private static String payload(MqttMessage packet) {
        return ((MqttPublishMessage) packet).payload().toString(StandardCharsets.UTF_8);
    }

    private static int reason(MqttMessage packet) {
        return ((MqttPubReplyMessageVariableHeader) packet.variableHeader()).reasonCode() & 0xFF;
    }

    @Test
    void qos1RoundTripMqtt311() {
        connect311Ok(pub, "pub");
        connect311Ok(sub, "sub");
        sub.send(subscribe311(1, "a/+", 1));
        assertThat(sub.receivedHex()).isEqualTo("90 03 00 01 01");

        pub.send(publish311(1, "a/b", 7, "hello"));
        assertThat(pub.receivedHex()).isEqualTo("40 02 00 07");

        List<MqttMessage> got = receive(sub, MqttVersion.MQTT_3_1_1);
        try {
            MqttPublishMessage p = (MqttPublishMessage) got.get(0);
            assertThat(got).hasSize(1);
            assertThat(p.variableHeader().topicName()).isEqualTo("a/b");
            assertThat(p.fixedHeader().qosLevel().value()).isEqualTo(1);
            assertThat(payload(p)).isEqualTo("hello");
            sub.send(packet(0x40, u16(p.variableHeader().packetId())));
        } finally {
            ClientDecoder.release(got);
        }
        pub.send(publish311(1, "a/b", 8, "again"));
        List<MqttMessage> next = receive(sub, MqttVersion.MQTT_3_1_1);
        try {
            assertThat(next).singleElement().extracting(PublishFlowTest::payload).isEqualTo("again");
            assertThat(next.get(0).fixedHeader().isDup()).isFalse();
        } finally {
            ClientDecoder.release(next);
        }
    }

    @Test
    void qos2InboundIsRoutedOnceAndCompleted() {
        connect5Ok(pub, "pub", props());
        connect311Ok(sub, "sub");
        sub.send(subscribe311(1, "q2", 2));
        sub.received();

        pub.send(publish5(2, "q2", 5, props(), "once"));
        pub.send(packet(0x3C, str("q2"), u16(5), props(), b('x'))); // DUP re-send of the same id
        List<MqttMessage> acks = receive(pub, MqttVersion.MQTT_5);
        assertThat(acks).extracting(p -> p.fixedHeader().messageType())
                .containsExactly(MqttMessageType.PUBREC, MqttMessageType.PUBREC); // [MQTT-4.3.3-9]

        List<MqttMessage> got = receive(sub, MqttVersion.MQTT_3_1_1);
        try {
            assertThat(got).singleElement().extracting(PublishFlowTest::payload).isEqualTo("once");
        } finally {
            ClientDecoder.release(got);
        }

        pub.send(packet(0x62, u16(5)));
        List<MqttMessage> comp = receive(pub, MqttVersion.MQTT_5);
        assertThat(comp).singleElement().extracting(p -> p.fixedHeader().messageType())
                .isEqualTo(MqttMessageType.PUBCOMP);
        assertThat(reason(comp.get(0))).isZero();

        pub.send(packet(0x62, u16(5)));
        List<MqttMessage> unknown = receive(pub, MqttVersion.MQTT_5);
        assertThat(reason(unknown.get(0))).isEqualTo(0x92);
    }

    @Test
    void qos2OutboundGetsPubrelAfterPubrec() {
        connect311Ok(pub, "pub");
        connect311Ok(sub, "sub");
        sub.send(subscribe311(1, "q2", 2));
        sub.received();

        pub.send(publish311(2, "q2", 9, "m"));
        pub.send(packet(0x62, u16(9)));
        assertThat(pub.receivedHex()).isEqualTo("50 02 00 09 70 02 00 09");

        List<MqttMessage> got = receive(sub, MqttVersion.MQTT_3_1_1);
        int id;
        try {
            MqttPublishMessage p = (MqttPublishMessage) got.get(0);
            assertThat(p.fixedHeader().qosLevel().value()).isEqualTo(2);
            id = p.variableHeader().packetId();
        } finally {
            ClientDecoder.release(got);
        }
        sub.send(packet(0x50, u16(id)));
        assertThat(sub.received()).isEqualTo(concat(b(0x62, 0x02), u16(id)));
        sub.send(packet(0x70, u16(id)));
        assertThat(sub.received()).isEmpty();
    }

    @Test
    void mqtt5PubackSaysWhenNobodySubscribed() {
        connect5Ok(pub, "pub", props());
        pub.send(publish5(1, "nobody", 3, props(), "x"));

        List<MqttMessage> acks = receive(pub, MqttVersion.MQTT_5);
        assertThat(reason(acks.get(0))).isEqualTo(0x10);
    }

    @Test
    void mqtt5PropertiesAreForwardedWithEveryMatchingSubscriptionIdentifier() {
        connect5Ok(pub, "pub", props());
        connect5Ok(sub, "sub", props());
        sub.send(subscribe5(1, props(b(0x0B), Bytes.varInt(3)), "p/+", 1));
        sub.send(subscribe5(2, props(b(0x0B), Bytes.varInt(7)), "p/#", 0));
        sub.received();

        pub.send(publish5(1, "p/x", 4, props(
                b(0x01, 1),
                b(0x02), u32(100),
                b(0x03), str("text/plain"),
                b(0x08), str("reply/here"),
                b(0x09), binary(b(1, 2, 3)),
                b(0x26), str("k"), str("v1"),
                b(0x26), str("a"), str("v2"),
                b(0x26), str("k"), str("v3")), "body"));

        List<MqttMessage> got = receive(sub, MqttVersion.MQTT_5);
        try {
            assertThat(got).hasSize(1);
            MqttPublishMessage p = (MqttPublishMessage) got.get(0);
            MqttProperties properties = p.variableHeader().properties();
            assertThat(p.fixedHeader().qosLevel().value()).isEqualTo(1);
            assertThat(properties.getProperties(MqttProperties.SUBSCRIPTION_IDENTIFIER))
                    .extracting(MqttProperty::value).containsExactly(3, 7);
            assertThat(properties.getProperties(MqttProperties.USER_PROPERTY))
                    .extracting(prop -> ((StringPair) prop.value()).key + "=" + ((StringPair) prop.value()).value)
                    .containsExactly("k=v1", "a=v2", "k=v3");
            assertThat(properties.getProperty(MqttProperties.CONTENT_TYPE).value()).isEqualTo("text/plain");
            assertThat(properties.getProperty(MqttProperties.RESPONSE_TOPIC).value()).isEqualTo("reply/here");
            assertThat((byte[]) properties.getProperty(MqttProperties.CORRELATION_DATA).value())
                    .containsExactly(1, 2, 3);
            assertThat(properties.getProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR).value()).isEqualTo(1);
            assertThat((Integer) properties.getProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL).value())
                    .isBetween(99, 100); // [MQTT-3.3.2-6]
            assertThat(payload(p)).isEqualTo("body");
        } finally {
            ClientDecoder.release(got);
        }
    }

    @Test
    void inboundTopicAliasIsResolved() {
        connect5Ok(pub, "pub", props());
        connect311Ok(sub, "sub");
        sub.send(subscribe311(1, "long/topic/name", 0));
        sub.received();

        pub.send(publish5(0, "long/topic/name", 0, props(b(0x23), u16(2)), "first"));
        pub.send(publish5(0, "", 0, props(b(0x23), u16(2)), "second"));

        List<MqttMessage> got = receive(sub, MqttVersion.MQTT_3_1_1);
        try {
            assertThat(got).extracting(p -> ((MqttPublishMessage) p).variableHeader().topicName())
                    .containsExactly("long/topic/name", "long/topic/name");
            assertThat(got).extracting(PublishFlowTest::payload).containsExactly("first", "second");
        } finally {
            ClientDecoder.release(got);
        }
    }

    @Test
    void outboundTopicAliasesAreAssignedUpToTheClientsMaximumAndReused() {
        connect311Ok(pub, "pub");
        connect5Ok(sub, "sub", props(b(0x22), u16(1)));
        sub.send(subscribe5(1, props(), "t/#", 0));
        sub.received();

        pub.send(publish311(0, "t/a", 0, "1"), publish311(0, "t/a", 0, "2"), publish311(0, "t/b", 0, "3"),
                publish311(0, "t/a", 0, "4"));

        List<MqttMessage> got = receive(sub, MqttVersion.MQTT_5);
        try {
            assertThat(got).extracting(p -> ((MqttPublishMessage) p).variableHeader().topicName())
                    .containsExactly("t/a", "", "t/b", "");
            assertThat(got).extracting(p -> {
                MqttProperty<?> alias = ((MqttPublishMessage) p).variableHeader().properties()
                        .getProperty(MqttProperties.TOPIC_ALIAS);
                return alias == null ? 0 : alias.value();
            }).containsExactly(1, 1, 0, 1);
        } finally {
            ClientDecoder.release(got);
        }
    }

    @Test
    void packetsAboveTheClientsMaximumPacketSizeAreNotSent() {
        connect311Ok(pub, "pub");
        connect5Ok(sub, "sub", props(b(0x27), u32(64)));
        sub.send(subscribe5(1, props(), "big", 1));
        sub.received();

        pub.send(publish311(1, "big", 1, "x".repeat(100)), publish311(1, "big", 2, "small"));

        List<MqttMessage> got = receive(sub, MqttVersion.MQTT_5);
        try {
            assertThat(got).singleElement().extracting(PublishFlowTest::payload).isEqualTo("small"); // [MQTT-3.1.2-24]
        } finally {
            ClientDecoder.release(got);
        }
    }

    @Test
    void moreUnacknowledgedQos2ThanTheReceiveMaximumIsDisconnected() {
        connect5Ok(pub, "pub", props());
        for (int id = 1; id <= 16; id++) {
            pub.send(publish5(2, "q", id, props(), "m"));
        }
        assertThat(receive(pub, MqttVersion.MQTT_5)).hasSize(16);

        pub.send(publish5(2, "q", 17, props(), "m"));
        List<MqttMessage> got = receive(pub, MqttVersion.MQTT_5);
        assertThat(got).singleElement().extracting(p -> p.fixedHeader().messageType())
                .isEqualTo(MqttMessageType.DISCONNECT);
        assertThat(pub.isOpen()).isFalse();
    }

    @Test
    void qos1AndQos2ShareTheReceiveMaximum() {
        connect5Ok(pub, "pub", props());
        for (int id = 1; id <= 16; id++) {
            pub.send(publish5(2, "q", id, props(), "m"));
        }
        pub.send(packet(0x62, u16(1)));
        pub.send(publish5(1, "q", 100, props(), "fits: 15 pending"));
        pub.send(publish5(2, "q", 17, props(), "m"));
        assertThat(receive(pub, MqttVersion.MQTT_5)).extracting(p -> p.fixedHeader().messageType())
                .hasSize(19).doesNotContain(MqttMessageType.DISCONNECT); // 17 PUBREC, PUBCOMP, PUBACK

        pub.send(publish5(1, "q", 101, props(), "one too many"));
        List<MqttMessage> got = receive(pub, MqttVersion.MQTT_5);
        assertThat(got).singleElement().extracting(p -> p.fixedHeader().messageType())
                .isEqualTo(MqttMessageType.DISCONNECT);
        assertThat(((MqttReasonCodeAndPropertiesVariableHeader) got.get(0).variableHeader()).reasonCode() & 0xFF)
                .isEqualTo(0x93);
    }

    @Test
    void retainedMessageFollowsTheSuback() {
        connect311Ok(pub, "pub");
        pub.send(packet(0x31, str("r"), "kept".getBytes(StandardCharsets.UTF_8)));
        connect311Ok(sub, "sub");

        sub.send(subscribe311(1, "r", 0));
        List<MqttMessage> got = receive(sub, MqttVersion.MQTT_3_1_1);
        try {
            assertThat(got).extracting(p -> p.fixedHeader().messageType())
                    .containsExactly(MqttMessageType.SUBACK, MqttMessageType.PUBLISH);
            assertThat(got.get(1).fixedHeader().isRetain()).isTrue(); // [MQTT-3.3.1-8]
        } finally {
            ClientDecoder.release(got);
        }
    }

    @Test
    void willIsPublishedWhenTheConnectionDropsWithoutDisconnect() {
        connect311Ok(sub, "sub");
        sub.send(subscribe311(1, "will/#", 0));
        sub.received();
        pub.send(connect311(0x06, str("pub"), str("will/pub"), str("gone")));
        pub.received();

        pub.channel.close();
        List<MqttMessage> got = receive(sub, MqttVersion.MQTT_3_1_1);
        try {
            assertThat(got).singleElement().extracting(PublishFlowTest::payload).isEqualTo("gone");
        } finally {
            ClientDecoder.release(got);
        }
    }

    @Test
    void willIsDiscardedOnNormalDisconnect() {
        connect311Ok(sub, "sub");
        sub.send(subscribe311(1, "will/#", 0));
        sub.received();
        pub.send(connect311(0x06, str("pub"), str("will/pub"), str("gone")));
        pub.received();

        pub.send(hex("e0 00"));
        assertThat(receive(sub, MqttVersion.MQTT_3_1_1)).isEmpty(); // [MQTT-3.14.4-3]
    }

    @Test
    void mqtt5DisconnectWithWillMessagePublishesTheWill() {
        connect311Ok(sub, "sub");
        sub.send(subscribe311(1, "will/#", 0));
        sub.received();
        pub.send(connect5(0x06, props(), str("pub"), props(), str("will/pub"), str("gone")));
        pub.received();

        pub.send(hex("e0 02 04 00"));
        List<MqttMessage> got = receive(sub, MqttVersion.MQTT_3_1_1);
        try {
            assertThat(got).singleElement().extracting(PublishFlowTest::payload).isEqualTo("gone");
        } finally {
            ClientDecoder.release(got);
        }
    }
}
