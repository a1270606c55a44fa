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

/** UNSUBSCRIBE and UNSUBACK (sections 3.10 and 3.11). */
class UnsubscribeTest {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.10.4-2] [MQTT-3.10.4-4] [MQTT-3.10.4-5] UNSUBACK carries the packet id and no further messages are sent for the filter")
    void unsubscribeStopsDelivery(int version) {
        String topic = Clients.unique("unsub/stop");
        String marker = Clients.unique("unsub/marker");
        RawClient subscriber = clients.subscriber(version, topic, 1);
        subscriber.subscribe(2, marker, 1);
        subscriber.send(RawPackets.unsubscribe(version, 0x0A0B, topic));
        RawPacket unsuback = subscriber.expect(RawPackets.UNSUBACK);
        assertThat(unsuback.subAck(version).packetId()).isEqualTo(0x0A0B);
        if (version == V311) {
            assertThat(unsuback.body()).containsExactly(0x0A, 0x0B);
        }

        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, topic, 1, 1, "after unsubscribe"));
        publisher.expectAck(PUBACK);
        publisher.send(RawPackets.publish(version, marker, 1, 2, "marker"));
        publisher.expectAck(PUBACK);
        assertThat(subscriber.expectPublish().payloadText()).isEqualTo("marker");
    }

    @Test
    @DisplayName("[MQTT-3.10.4-6] [MQTT-3.11.3-1] [MQTT-3.11.3-2] v5: one UNSUBACK with a code per filter, in order: 0x00 removed, 0x11 no subscription existed")
    void unsubackReasonCodes() {
        String topic = Clients.unique("unsub/codes");
        RawClient client = clients.subscriber(V5, topic, 0);
        client.send(RawPackets.unsubscribe(V5, 5, Clients.unique("never/subscribed"), topic));
        RawPacket.SubAck unsuback = client.expectUnsuback();
        assertThat(unsuback.packetId()).isEqualTo(5);
        assertThat(unsuback.reasonCodes()).containsExactly(0x11, 0x00);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.10.4-1] UNSUBSCRIBE compares filters character by character: a/+ does not remove a/b")
    void exactFilterMatch(int version) {
        String base = Clients.unique("unsub/exact");
        RawClient subscriber = clients.subscriber(version, base + "/b", 0);
        subscriber.send(RawPackets.unsubscribe(version, 2, base + "/+"));
        subscriber.expectUnsuback();
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, base + "/b", 0, 0, "still subscribed"));
        assertThat(subscriber.expectPublish().payloadText()).isEqualTo("still subscribed");
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.10.4-5] UNSUBSCRIBE of a filter never subscribed still gets an UNSUBACK")
    void unsubscribeUnknown(int version) {
        RawClient client = clients.connected(version, Clients.unique("unsub"));
        client.send(RawPackets.unsubscribe(version, 77, Clients.unique("nothing")));
        assertThat(client.expectUnsuback().packetId()).isEqualTo(77);
    }
}
