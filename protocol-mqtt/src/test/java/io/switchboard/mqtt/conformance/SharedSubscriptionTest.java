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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Shared subscriptions ($share/{group}/{filter}, section 4.8.2): round-robin and redelivery. */
class SharedSubscriptionTest {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-4.8.2-1] [MQTT-4.8.2-2] each message goes to one member of the group, round-robin across live members")
    void roundRobin(int version) {
        String topic = Clients.unique("shared/rr");
        String filter = "$share/" + Clients.unique("g") + "/" + topic;
        RawClient a = clients.subscriber(version, filter, 0);
        RawClient b = clients.subscriber(version, filter, 0);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        for (int i = 0; i < 6; i++) {
            publisher.send(RawPackets.publish(version, topic, 1, i + 1, "m" + i));
            publisher.expectAck(PUBACK);
        }
        List<String> toA = new ArrayList<>();
        List<String> toB = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RawPacket.Publish pa = a.expectPublish();
            assertThat(pa.topic()).isEqualTo(topic);
            toA.add(pa.payloadText());
            toB.add(b.expectPublish().payloadText());
        }
        List<String> all = new ArrayList<>(toA);
        all.addAll(toB);
        assertThat(all).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "m5");
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-4.8.2-3] each member receives at its own granted QoS; a subscriber outside the group gets its own copy")
    void ownQosAndNonSharedCopy(int version) {
        String topic = Clients.unique("shared/qos");
        String filter = "$share/" + Clients.unique("g") + "/" + topic;
        RawClient member = clients.subscriber(version, filter, 0);
        RawClient plain = clients.subscriber(version, topic, 1);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, topic, 1, 1, "both"));
        publisher.expectAck(PUBACK);
        assertThat(member.expectPublish().qos()).isZero();
        assertThat(plain.expectPublish().qos()).isEqualTo(1);
    }

    @Test
    @DisplayName("[MQTT-4.8.2-4] a QoS 1 message in flight to a member that leaves is redelivered to another member")
    void redeliveryWhenMemberLeaves() {
        String topic = Clients.unique("shared/redeliver");
        String filter = "$share/" + Clients.unique("g") + "/" + topic;
        RawClient a = clients.subscriber(V5, filter, 1);
        RawClient b = clients.subscriber(V5, filter, 1);
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publisher.send(RawPackets.publish(V5, topic, 1, 1, "m1"), RawPackets.publish(V5, topic, 1, 2, "m2"));
        publisher.expectAck(PUBACK);
        publisher.expectAck(PUBACK);

        RawPacket.Publish atA = a.expectPublish();
        RawPacket.Publish atB = b.expectPublish();
        b.send(RawPackets.ack(PUBACK, atB.packetId()));
        a.close();

        RawPacket.Publish redelivered = b.expectPublish();
        assertThat(redelivered.payloadText()).isEqualTo(atA.payloadText());
        b.send(RawPackets.ack(PUBACK, redelivered.packetId()));
    }

    @Test
    @DisplayName("[MQTT-4.8.2-2] messages go to the live members: an offline member with a persistent session gets none of them")
    void offlineMemberSkipped() {
        String topic = Clients.unique("shared/offline");
        String filter = "$share/" + Clients.unique("g") + "/" + topic;
        String id = Clients.unique("away");
        RawClient away = clients.persistent(V5, id);
        away.subscribe(1, filter, 1);
        away.send(RawPackets.disconnect(V5));
        away.expectClosed();
        RawClient live = clients.subscriber(V5, filter, 1);
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        for (int i = 1; i <= 4; i++) {
            publisher.send(RawPackets.publish(V5, topic, 1, i, "m" + i));
            publisher.expectAck(PUBACK);
        }
        List<String> received = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            RawPacket.Publish p = live.expectPublish();
            received.add(p.payloadText());
            live.send(RawPackets.ack(PUBACK, p.packetId()));
        }
        assertThat(received).containsExactly("m1", "m2", "m3", "m4");
    }
}
