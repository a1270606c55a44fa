package io.switchboard.mqtt.conformance;

import static io.switchboard.mqtt.RawPackets.PUBACK;
import static io.switchboard.mqtt.RawPackets.V311;
import static io.switchboard.mqtt.RawPackets.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.mqtt.Clients;
import io.switchboard.mqtt.RawClient;
import io.switchboard.mqtt.RawPacket;
import io.switchboard.mqtt.RawPackets;
import io.switchboard.mqtt.SharedBroker;
import io.switchboard.mqtt.TestBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PUBLISH (section 3.3) at QoS 0 and 1 in both directions, QoS downgrade, overlap and ordering. */
class PublishTest {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-4.3.1-1] [MQTT-3.3.2-3] QoS 0 is forwarded as QoS 0 with DUP 0 to a matching subscription")
    void qos0RoundTrip(int version) {
        String topic = Clients.unique("pub/q0");
        RawClient subscriber = clients.subscriber(version, topic, 0);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, topic, 0, 0, "hello q0"));
        RawPacket.Publish received = subscriber.expectPublish();
        assertThat(received.topic()).isEqualTo(topic);
        assertThat(received.qos()).isZero();
        assertThat(received.dup()).isFalse();
        assertThat(received.retain()).isFalse();
        assertThat(received.payloadText()).isEqualTo("hello q0");
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {3, V311, V5})
    @DisplayName("[MQTT-3.3.4-1] [MQTT-2.2.1-5] [MQTT-4.3.2-1] [MQTT-4.3.2-2] QoS 1: PUBACK with the packet id; forwarded at QoS 1, DUP 0, non-zero id")
    void qos1RoundTrip(int version) {
        String topic = Clients.unique("pub/q1");
        RawClient subscriber = clients.subscriber(version, topic, 1);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, topic, 1, 0x1234, "hello q1"));
        RawPacket.Ack puback = publisher.expectAck(PUBACK);
        assertThat(puback.packetId()).isEqualTo(0x1234);
        assertThat(puback.reasonCode()).isZero();

        RawPacket.Publish received = subscriber.expectPublish();
        assertThat(received.qos()).isEqualTo(1);
        assertThat(received.dup()).isFalse();
        assertThat(received.packetId()).isNotZero();
        assertThat(received.payloadText()).isEqualTo("hello q1");
        subscriber.send(RawPackets.ack(PUBACK, received.packetId()));
        subscriber.send(RawPackets.pingreq());
        subscriber.expect(RawPackets.PINGRESP);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.8.4-8] a message goes out at the lower of the published QoS and the granted QoS")
    void qosDowngrade(int version) {
        String topic = Clients.unique("pub/down");
        RawClient atMostOnce = clients.subscriber(version, topic, 0);
        RawClient exactlyOnce = clients.subscriber(version, topic, 2);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, topic, 2, 5, "q2 to q0"));
        publisher.expectAck(RawPackets.PUBREC);
        publisher.send(RawPackets.ack(RawPackets.PUBREL, 5));
        publisher.expectAck(RawPackets.PUBCOMP);
        publisher.send(RawPackets.publish(version, topic, 1, 6, "q1 to q2 sub"));
        publisher.expectAck(PUBACK);

        assertThat(atMostOnce.expectPublish().qos()).isZero();
        assertThat(atMostOnce.expectPublish().qos()).isZero();
        RawPacket.Publish first = exactlyOnce.expectPublish();
        RawPacket.Publish second = exactlyOnce.expectPublish();
        assertThat(first.qos()).isEqualTo(2);
        assertThat(second.qos()).isEqualTo(1);
        exactlyOnce.send(RawPackets.ack(RawPackets.PUBREC, first.packetId()));
        exactlyOnce.expectAck(RawPackets.PUBREL);
        exactlyOnce.send(RawPackets.ack(RawPackets.PUBCOMP, first.packetId()),
                RawPackets.ack(PUBACK, second.packetId()));
        assertThat(second.payloadText()).isEqualTo("q1 to q2 sub");
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.3.4-2] (3.1.1: [MQTT-3.3.5-1]) overlapping subscriptions: one delivery at the highest QoS")
    void overlappingSubscriptionsDeliverOnce(int version) {
        String base = Clients.unique("overlap");
        RawClient subscriber = clients.connected(version, Clients.unique("sub"));
        subscriber.subscribe(1, base + "/+", 0);
        subscriber.subscribe(2, base + "/#", 1);
        subscriber.subscribe(3, base + "/x", 0);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, base + "/x", 2, 3, "once"));
        publisher.expectAck(RawPackets.PUBREC);
        publisher.send(RawPackets.ack(RawPackets.PUBREL, 3));
        publisher.expectAck(RawPackets.PUBCOMP);
        publisher.send(RawPackets.publish(version, base + "/x", 1, 4, "marker"));
        publisher.expectAck(PUBACK);

        RawPacket.Publish first = subscriber.expectPublish();
        assertThat(first.payloadText()).isEqualTo("once");
        assertThat(first.qos()).isEqualTo(1);
        subscriber.send(RawPackets.ack(PUBACK, first.packetId()));
        RawPacket.Publish next = subscriber.expectPublish();
        assertThat(next.payloadText()).as("the second packet must be the marker, not a copy").isEqualTo("marker");
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-4.6.0-5] [MQTT-4.6.0-6] messages of one publisher on one topic arrive in the order sent")
    void orderedTopic(int version) {
        String topic = Clients.unique("pub/order");
        RawClient subscriber = clients.subscriber(version, topic, 1);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        for (int i = 1; i <= 20; i++) {
            publisher.send(RawPackets.publish(version, topic, 1, i, "m" + i));
        }
        for (int i = 1; i <= 20; i++) {
            assertThat(publisher.expectAck(PUBACK).packetId()).isEqualTo(i);
        }
        List<String> payloads = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            RawPacket.Publish p = subscriber.expectPublish();
            payloads.add(p.payloadText());
            subscriber.send(RawPackets.ack(PUBACK, p.packetId()));
        }
        assertThat(payloads).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 20).mapToObj(i -> "m" + i).toList());
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-4.7.2-1] a filter starting with a wildcard does not match a topic starting with $")
    void dollarTopicsNotMatchedByLeadingWildcard(int version) {
        String marker = Clients.unique("dollar/marker");
        RawClient subscriber = clients.subscriber(version, "#", 0);
        subscriber.subscribe(2, "+/" + Clients.unique("x"), 0);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, "$" + Clients.unique("sys") + "/x", 0, 0, "dollar"),
                RawPackets.publish(version, marker, 0, 0, "marker"));
        RawPacket.Publish next = subscriber.expectPublish();
        while (!next.topic().equals(marker)) {
            assertThat(next.topic()).doesNotStartWith("$");
            next = subscriber.expectPublish();
        }
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-1.5.5-1] a 300 KB payload (three-byte remaining length) arrives intact")
    void largePayload(int version) {
        String topic = Clients.unique("pub/large");
        RawClient subscriber = clients.subscriber(version, topic, 1);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        byte[] payload = new byte[300_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
        publisher.send(RawPackets.publish(version, topic, 1, false, false, 1, null, payload));
        publisher.expectAck(PUBACK);
        RawPacket.Publish received = subscriber.expectPublish();
        assertThat(received.payload()).isEqualTo(payload);
        subscriber.send(RawPackets.ack(PUBACK, received.packetId()));
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-4.5.0-1] every matching subscription of every client gets each message: 20 subscribers x 50 messages")
    void fanOut(int version) {
        String topic = Clients.unique("pub/fan");
        List<RawClient> subscribers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            subscribers.add(clients.subscriber(version, i % 2 == 0 ? topic : "pub/+", 1));
        }
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        for (int m = 1; m <= 50; m++) {
            publisher.send(RawPackets.publish(version, topic, 1, m, "m" + m));
        }
        for (int m = 1; m <= 50; m++) {
            publisher.expectAck(PUBACK);
        }
        for (RawClient subscriber : subscribers) {
            for (int m = 1; m <= 50; m++) {
                RawPacket.Publish p = subscriber.expectPublish();
                assertThat(p.payloadText()).isEqualTo("m" + m);
                subscriber.send(RawPackets.ack(PUBACK, p.packetId()));
            }
        }
    }
}
