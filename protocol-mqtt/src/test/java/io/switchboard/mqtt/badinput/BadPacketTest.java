package io.switchboard.mqtt.badinput;

import static io.switchboard.mqtt.RawPackets.DISCONNECT;
import static io.switchboard.mqtt.RawPackets.V311;
import static io.switchboard.mqtt.RawPackets.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.mqtt.Clients;
import io.switchboard.mqtt.RawClient;
import io.switchboard.mqtt.RawPackets;
import io.switchboard.mqtt.TestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad packets on an accepted connection, sent as raw bytes. MQTT 3.1.1 has no way to say what was wrong, so
 * the answer is the close; MQTT 5 gets DISCONNECT with the reason code first [MQTT-4.13.1-1]. A
 * {@link Bystander} keeps publishing and receiving on the same broker throughout.
 */
class BadPacketTest {
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

    /** Sends the bytes on a fresh accepted connection and expects the close, after DISCONNECT(code) for 5.0. */
    private void expectRejected(int version, int v5Code, byte[]... bytes) {
        RawClient client = clients.connected(version, Clients.unique("bad"));
        client.trySend(bytes);
        if (version == V5) {
            assertThat(client.expect(DISCONNECT).disconnectReason()).as("DISCONNECT reason code")
                    .isEqualTo(v5Code);
        }
        client.expectClosed();
    }

    private static byte[] publishWithTopicBytes(int version, byte[] topic) {
        RawPackets.Bytes body = new RawPackets.Bytes().u16(topic.length).raw(topic);
        if (version == V5) {
            body.varInt(0);
        }
        body.raw(RawPackets.utf8("payload"));
        return RawPackets.packet(0x30, body.toArray());
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-1.5.5-1] [MQTT-4.13.1-1] a remaining length longer than four bytes is malformed (v5 DISCONNECT 0x81)")
    void malformedRemainingLength(int version) {
        expectRejected(version, 0x81, new byte[] {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.8.1-1] [MQTT-2.1.3-1] SUBSCRIBE with reserved flags 0000 instead of 0010 is malformed (v5 DISCONNECT 0x81)")
    void subscribeReservedFlags(int version) {
        byte[] subscribe = RawPackets.subscribe(version, 1, Clients.unique("flags/t"), 0);
        subscribe[0] = (byte) 0x80;
        expectRejected(version, 0x81, subscribe);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.6.1-1] [MQTT-2.1.3-1] PUBREL with reserved flags 0000 instead of 0010 is malformed (v5 DISCONNECT 0x81)")
    void pubrelReservedFlags(int version) {
        byte[] pubrel = RawPackets.ack(RawPackets.PUBREL, 1);
        pubrel[0] = 0x60;
        expectRejected(version, 0x81, pubrel);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.10.1-1] [MQTT-2.1.3-1] UNSUBSCRIBE with reserved flags 0011 is malformed (v5 DISCONNECT 0x81)")
    void unsubscribeReservedFlags(int version) {
        byte[] unsubscribe = RawPackets.unsubscribe(version, 1, Clients.unique("flags/u"));
        unsubscribe[0] = (byte) 0xA3;
        expectRejected(version, 0x81, unsubscribe);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.3.1-4] a PUBLISH with QoS 3 (both QoS bits set) is malformed (v5 DISCONNECT 0x81)")
    void qos3(int version) {
        byte[] publish = RawPackets.publish(version, Clients.unique("qos3/t"), 1, 1, "x");
        publish[0] = (byte) (publish[0] | 0x06);
        expectRejected(version, 0x81, publish);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-1.5.4-1] [MQTT-3.3.2-1] ill-formed UTF-8 in a PUBLISH topic is malformed (v5 DISCONNECT 0x81)")
    void invalidUtf8Topic(int version) {
        byte[] topic = {'b', 'a', 'd', '/', (byte) 0xC3, 0x28};
        expectRejected(version, 0x81, publishWithTopicBytes(version, topic));
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-1.5.4-1] [MQTT-3.8.3-1] ill-formed UTF-8 in a SUBSCRIBE topic filter is malformed (v5 DISCONNECT 0x81)")
    void invalidUtf8Filter(int version) {
        byte[] filter = {'f', '/', (byte) 0xFF, '/', '#'};
        RawPackets.Bytes body = new RawPackets.Bytes().u16(1);
        if (version == V5) {
            body.varInt(0);
        }
        body.u16(filter.length).raw(filter).u8(0);
        expectRejected(version, 0x81, RawPackets.packet(0x82, body.toArray()));
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-1.5.4-1] a UTF-16 surrogate encoded in a PUBLISH topic is malformed (v5 DISCONNECT 0x81)")
    void surrogateInTopic(int version) {
        byte[] topic = {'s', '/', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        expectRejected(version, 0x81, publishWithTopicBytes(version, topic));
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-1.5.4-2] [MQTT-4.7.3-2] U+0000 in a PUBLISH topic is malformed (v5 DISCONNECT 0x81)")
    void nullCharacterInTopic(int version) {
        byte[] topic = {'n', 'u', 'l', 0, 'l'};
        expectRejected(version, 0x81, publishWithTopicBytes(version, topic));
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.3.2-2] [MQTT-4.7.0-1] a wildcard + in a PUBLISH topic closes the connection (v5 DISCONNECT 0x90)")
    void plusWildcardInPublishTopic(int version) {
        expectRejected(version, 0x90, RawPackets.publish(version, "wild/+/card", 0, 0, "x"));
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.3.2-2] [MQTT-4.7.0-1] a wildcard # in a PUBLISH topic closes the connection (v5 DISCONNECT 0x90)")
    void hashWildcardInPublishTopic(int version) {
        expectRejected(version, 0x90, RawPackets.publish(version, "wild/#", 1, 1, "x"));
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-4.7.3-1] an empty PUBLISH topic (no topic alias) closes the connection (v5 DISCONNECT 0x82)")
    void emptyTopic(int version) {
        expectRejected(version, 0x82, RawPackets.publish(version, "", 0, 0, "x"));
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.2.2-15] a packet above the maximum packet size closes the connection (v5 DISCONNECT 0x95)")
    void packetOverMaximumSize(int version) {
        byte[] payload = new byte[BadInputSettings.MAX_PACKET_SIZE];
        expectRejected(version, 0x95,
                RawPackets.publish(version, Clients.unique("big/t"), 0, false, false, 0, null, payload));
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.2.2-15] a fixed header announcing more than the maximum size is refused before its body arrives (v5 DISCONNECT 0x95)")
    void announcedSizeOverMaximum(int version) {
        byte[] header = new RawPackets.Bytes().u8(0x30).varInt(64 * 1024 * 1024).u16(1).u8('t').toArray();
        expectRejected(version, 0x95, header);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-2.1.3-1] [MQTT-4.13.1-1] the reserved packet type 0 closes the connection (v5 DISCONNECT 0x81)")
    void reservedPacketTypeZero(int version) {
        expectRejected(version, 0x81, new byte[] {0x00, 0x00});
    }

    @Test
    @DisplayName("3.1.1 reserved packet type 15 (AUTH exists only in 5.0) closes the connection")
    void packetType15In311() {
        expectRejected(V311, 0, new byte[] {(byte) 0xF0, 0x00});
    }

    @Test
    @DisplayName("[MQTT-3.8.3-5] v5: reserved bits set in the subscription options are malformed: DISCONNECT 0x81")
    void subscriptionOptionsReservedBits() {
        expectRejected(V5, 0x81, RawPackets.subscribe(V5, 1, Clients.unique("opts/t"), 0xC0));
    }

    @Test
    @DisplayName("[MQTT-2.2.2-2] v5: a PUBLISH with Content Type twice is a protocol error: DISCONNECT 0x82")
    void repeatedPublishProperty() {
        RawPackets.Props twice = new RawPackets.Props().utf8(0x03, "text/plain").utf8(0x03, "application/json");
        expectRejected(V5, 0x82, RawPackets.publish(V5, Clients.unique("twice/t"), 0, false, false, 0, twice,
                "x".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("[MQTT-2.2.2-2] v5: repeated User Properties are allowed and delivered")
    void repeatedUserPropertiesAreAllowed() {
        RawClient client = clients.connected(V5, Clients.unique("users"));
        RawPackets.Props users = new RawPackets.Props().pair(0x26, "k", "1").pair(0x26, "k", "2");
        client.trySend(RawPackets.publish(V5, Clients.unique("users/t"), 1, false, false, 7, users,
                "x".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        client.expect(RawPackets.PUBACK);
    }

    @Test
    @DisplayName("[MQTT-3.3.1-11] v5: Retain Handling 3 is a protocol error: DISCONNECT 0x82 (0x81 accepted by the codec)")
    void retainHandling3() {
        RawClient client = clients.connected(V5, Clients.unique("rh3"));
        client.trySend(RawPackets.subscribe(V5, 1, Clients.unique("rh3/t"), 0x30));
        assertThat(client.expect(DISCONNECT).disconnectReason()).isIn(0x81, 0x82);
        client.expectClosed();
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.8.3-2] a SUBSCRIBE without any topic filter is a protocol error (v5 DISCONNECT 0x82)")
    void subscribeWithoutFilters(int version) {
        RawPackets.Bytes body = new RawPackets.Bytes().u16(1);
        if (version == V5) {
            body.varInt(0);
        }
        RawClient client = clients.connected(version, Clients.unique("nofilter"));
        client.trySend(RawPackets.packet(0x82, body.toArray()));
        if (version == V5) {
            assertThat(client.expect(DISCONNECT).disconnectReason()).isIn(0x81, 0x82);
        }
        client.expectClosed();
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.3.1-2] a QoS 0 PUBLISH with DUP 1 is malformed (v5 DISCONNECT 0x81)")
    void dupOnQos0(int version) {
        expectRejected(version, 0x81,
                RawPackets.publish(version, Clients.unique("dup0/t"), 0, false, true, 0, null, RawPackets.utf8("x")));
    }

    @Test
    @DisplayName("[MQTT-3.3.4-6] v5: a PUBLISH from a client carrying a Subscription Identifier is a protocol error: DISCONNECT 0x82")
    void subscriptionIdentifierFromClient() {
        expectRejected(V5, 0x82, RawPackets.publish(V5, Clients.unique("subid/t"), 0, false, false, 0,
                new RawPackets.Props().varInt(RawPackets.SUBSCRIPTION_ID, 5), RawPackets.utf8("x")));
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-2.2.1-3] a QoS 1 PUBLISH with packet identifier 0 closes the connection (v5 DISCONNECT 0x81 or 0x82)")
    void packetIdentifierZero(int version) {
        RawClient client = clients.connected(version, Clients.unique("pid0"));
        client.trySend(RawPackets.publish(version, Clients.unique("pid0/t"), 1, 0, "x"));
        if (version == V5) {
            assertThat(client.expect(DISCONNECT).disconnectReason()).isIn(0x81, 0x82);
        }
        client.expectClosed();
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-4.13.1-1] a PUBLISH whose remaining length ends before its packet id is malformed, even when more bytes follow (v5 DISCONNECT 0x81)")
    void truncatedPublish(int version) {
        byte[] body = new RawPackets.Bytes().utf8("trunc").toArray();
        expectRejected(version, 0x81, RawPackets.packet(0x32, body), RawPackets.pingreq());
    }
}
