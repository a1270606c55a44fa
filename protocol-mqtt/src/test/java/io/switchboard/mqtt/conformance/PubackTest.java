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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PUBACK (section 3.4) and the QoS 1 exchange of section 4.3.2, including redelivery on resume. */
class PubackTest {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-4.4.0-1] [MQTT-3.3.1-1] an unacknowledged QoS 1 PUBLISH is resent on resume with DUP 1 and its original packet id")
    void unackedResentWithDup(int version) {
        String id = Clients.unique("q1resume");
        String topic = Clients.unique("q1/resume");
        RawClient first = clients.persistent(version, id);
        first.subscribe(1, topic, 1);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, topic, 1, 1, "not acked"));
        publisher.expectAck(PUBACK);
        RawPacket.Publish original = first.expectPublish();
        assertThat(original.dup()).isFalse();
        first.close();

        RawClient second = clients.persistent(version, id);
        assertThat(second.lastConnack().sessionPresent()).isTrue();
        RawPacket.Publish resent = second.expectPublish();
        assertThat(resent.payloadText()).isEqualTo("not acked");
        assertThat(resent.dup()).isTrue();
        assertThat(resent.packetId()).isEqualTo(original.packetId());
        second.send(RawPackets.ack(PUBACK, resent.packetId()));
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-4.3.2-3] [MQTT-4.4.0-1] an acknowledged QoS 1 message is not resent on resume")
    void ackedNotResent(int version) {
        String id = Clients.unique("q1acked");
        String topic = Clients.unique("q1/acked");
        RawClient first = clients.persistent(version, id);
        first.subscribe(1, topic, 1);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, topic, 1, 1, "acked"));
        publisher.expectAck(PUBACK);
        RawPacket.Publish delivered = first.expectPublish();
        first.send(RawPackets.ack(PUBACK, delivered.packetId()));
        first.send(RawPackets.pingreq());
        first.expect(RawPackets.PINGRESP);
        first.close();

        RawClient second = clients.persistent(version, id);
        publisher.send(RawPackets.publish(version, topic, 1, 2, "marker"));
        publisher.expectAck(PUBACK);
        assertThat(second.expectPublish().payloadText()).isEqualTo("marker");
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-4.3.2-5] after PUBACK, a PUBLISH with the same packet id is a new message, whatever its DUP flag")
    void packetIdReusedAfterPuback(int version) {
        String topic = Clients.unique("q1/reuse");
        RawClient subscriber = clients.subscriber(version, topic, 0);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, topic, 1, 8, "one"));
        publisher.expectAck(PUBACK);
        publisher.send(RawPackets.publish(version, topic, 1, false, true, 8, null, RawPackets.utf8("two")));
        publisher.expectAck(PUBACK);
        assertThat(subscriber.expectPublish().payloadText()).isEqualTo("one");
        assertThat(subscriber.expectPublish().payloadText()).isEqualTo("two");
    }

    @Test
    @DisplayName("[MQTT-3.4.2-1] v5: a PUBLISH that matches no subscription gets PUBACK 0x00 or 0x10 (no matching subscribers)")
    void pubackNoMatchingSubscribers() {
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publisher.send(RawPackets.publish(V5, Clients.unique("nobody/listens"), 1, 11, "void"));
        RawPacket.Ack ack = publisher.expectAck(PUBACK);
        assertThat(ack.packetId()).isEqualTo(11);
        assertThat(ack.reasonCode()).isIn(0x00, 0x10);
    }

    @Test
    @DisplayName("[MQTT-4.4.0-2] v5: a PUBACK with reason 0x80 acknowledges the message: it is not resent")
    void failurePubackStillAcknowledges() {
        String id = Clients.unique("q1fail");
        String topic = Clients.unique("q1/fail");
        RawClient first = clients.persistent(V5, id);
        first.subscribe(1, topic, 1);
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publisher.send(RawPackets.publish(V5, topic, 1, 1, "refused by the client"));
        publisher.expectAck(PUBACK);
        RawPacket.Publish delivered = first.expectPublish();
        first.send(RawPackets.ack(PUBACK, delivered.packetId(), 0x80));
        first.send(RawPackets.pingreq());
        first.expect(RawPackets.PINGRESP);
        first.close();

        RawClient second = clients.persistent(V5, id);
        publisher.send(RawPackets.publish(V5, topic, 1, 2, "marker"));
        publisher.expectAck(PUBACK);
        assertThat(second.expectPublish().payloadText()).isEqualTo("marker");
    }
}
