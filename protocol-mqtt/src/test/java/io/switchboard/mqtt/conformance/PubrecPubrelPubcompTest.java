package io.switchboard.mqtt.conformance;

import static io.switchboard.mqtt.RawPackets.PUBCOMP;
import static io.switchboard.mqtt.RawPackets.PUBREC;
import static io.switchboard.mqtt.RawPackets.PUBREL;
import static io.switchboard.mqtt.RawPackets.V311;
import static io.switchboard.mqtt.RawPackets.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.mqtt.Clients;
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

/** The QoS 2 exchange (PUBREC, PUBREL, PUBCOMP: sections 3.5 to 3.7 and 4.3.3) in both directions. */
class PubrecPubrelPubcompTest {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-4.3.3-8] [MQTT-4.3.3-11] [MQTT-4.3.3-2] [MQTT-4.3.3-4] full QoS 2 flow from publisher to broker to subscriber")
    void fullQos2Flow(int version) {
        String topic = Clients.unique("q2/flow");
        RawClient subscriber = clients.subscriber(version, topic, 2);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));

        publisher.send(RawPackets.publish(version, topic, 2, 77, "exactly once"));
        RawPacket.Ack pubrec = publisher.expectAck(PUBREC);
        assertThat(pubrec.packetId()).isEqualTo(77);
        assertThat(pubrec.reasonCode()).isLessThan(0x80);
        publisher.send(RawPackets.ack(PUBREL, 77));
        RawPacket pubcompPacket = publisher.expect(PUBCOMP);
        assertThat(pubcompPacket.flags()).isZero();
        assertThat(pubcompPacket.ack(version).packetId()).isEqualTo(77);

        RawPacket.Publish delivered = subscriber.expectPublish();
        assertThat(delivered.qos()).isEqualTo(2);
        assertThat(delivered.dup()).isFalse();
        assertThat(delivered.payloadText()).isEqualTo("exactly once");
        subscriber.send(RawPackets.ack(PUBREC, delivered.packetId()));
        RawPacket pubrel = subscriber.expect(PUBREL);
        assertThat(pubrel.flags()).as("PUBREL fixed header flags [MQTT-3.6.1-1]").isEqualTo(0x02);
        assertThat(pubrel.ack(version).packetId()).isEqualTo(delivered.packetId());
        subscriber.send(RawPackets.ack(PUBCOMP, delivered.packetId()));
        subscriber.send(RawPackets.pingreq());
        subscriber.expect(RawPackets.PINGRESP);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-4.3.3-10] a repeated QoS 2 PUBLISH before PUBREL gets PUBREC again and is not delivered twice")
    void duplicatePublishNotDeliveredTwice(int version) {
        String topic = Clients.unique("q2/dup");
        RawClient subscriber = clients.subscriber(version, topic, 0);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));

        publisher.send(RawPackets.publish(version, topic, 2, 9, "once only"));
        assertThat(publisher.expectAck(PUBREC).packetId()).isEqualTo(9);
        publisher.send(RawPackets.publish(version, topic, 2, false, true, 9, null, RawPackets.utf8("once only")));
        assertThat(publisher.expectAck(PUBREC).packetId()).isEqualTo(9);
        publisher.send(RawPackets.ack(PUBREL, 9));
        assertThat(publisher.expectAck(PUBCOMP).packetId()).isEqualTo(9);
        publisher.send(RawPackets.publish(version, topic, 2, 10, "marker"));
        publisher.expectAck(PUBREC);
        publisher.send(RawPackets.ack(PUBREL, 10));
        publisher.expectAck(PUBCOMP);

        assertThat(subscriber.expectPublish().payloadText()).isEqualTo("once only");
        assertThat(subscriber.expectPublish().payloadText()).as("a second copy was delivered").isEqualTo("marker");
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-4.3.3-12] after PUBCOMP, a PUBLISH reusing the packet id is a new message")
    void packetIdReusableAfterPubcomp(int version) {
        String topic = Clients.unique("q2/reuse");
        RawClient subscriber = clients.subscriber(version, topic, 0);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        for (String payload : new String[] {"first", "second"}) {
            publisher.send(RawPackets.publish(version, topic, 2, 3, payload));
            publisher.expectAck(PUBREC);
            publisher.send(RawPackets.ack(PUBREL, 3));
            publisher.expectAck(PUBCOMP);
        }
        assertThat(subscriber.expectPublish().payloadText()).isEqualTo("first");
        assertThat(subscriber.expectPublish().payloadText()).isEqualTo("second");
    }

    @Test
    @DisplayName("[MQTT-4.3.3-11] [MQTT-3.7.2-1] v5: PUBREL for an unknown packet id gets PUBCOMP 0x92 (packet identifier not found)")
    void pubrelUnknownIdV5() {
        RawClient client = clients.connected(V5, Clients.unique("rel"));
        client.send(RawPackets.ack(PUBREL, 4242));
        RawPacket.Ack pubcomp = client.expectAck(PUBCOMP);
        assertThat(pubcomp.packetId()).isEqualTo(4242);
        assertThat(pubcomp.reasonCode()).isEqualTo(0x92);
    }

    @Test
    @DisplayName("[MQTT-4.3.3-11] v3.1.1: PUBREL for an unknown packet id still gets PUBCOMP")
    void pubrelUnknownId311() {
        RawClient client = clients.connected(V311, Clients.unique("rel"));
        client.send(RawPackets.ack(PUBREL, 4243));
        assertThat(client.expectAck(PUBCOMP).packetId()).isEqualTo(4243);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-4.4.0-1] [MQTT-4.3.3-6] a PUBREL not completed before a disconnect is resent on reconnect, not the PUBLISH")
    void pubrelResentOnReconnect(int version) {
        String id = Clients.unique("q2resume");
        String topic = Clients.unique("q2/resume");
        RawClient first = clients.persistent(version, id);
        first.subscribe(1, topic, 2);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, topic, 2, 1, "resume"));
        publisher.expectAck(PUBREC);
        publisher.send(RawPackets.ack(PUBREL, 1));
        publisher.expectAck(PUBCOMP);

        RawPacket.Publish delivered = first.expectPublish();
        first.send(RawPackets.ack(PUBREC, delivered.packetId()));
        assertThat(first.expectAck(PUBREL).packetId()).isEqualTo(delivered.packetId());
        first.close();

        RawClient second = clients.persistent(version, id);
        RawPacket resent = second.read();
        assertThat(resent.type()).as("resent packet type").isEqualTo(PUBREL);
        assertThat(resent.ack(version).packetId()).isEqualTo(delivered.packetId());
        second.send(RawPackets.ack(PUBCOMP, delivered.packetId()));
        second.send(RawPackets.pingreq());
        second.expect(RawPackets.PINGRESP);
    }
}
