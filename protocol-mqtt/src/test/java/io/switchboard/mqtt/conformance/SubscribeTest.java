package io.switchboard.mqtt.conformance;

import static io.switchboard.mqtt.RawPackets.DISCONNECT;
import static io.switchboard.mqtt.RawPackets.PUBACK;
import static io.switchboard.mqtt.RawPackets.SUBSCRIPTION_ID;
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

/** SUBSCRIBE and SUBACK (sections 3.8, 3.9), with the MQTT 5 options no-local and subscription identifiers. */
class SubscribeTest {
    private static final int NO_LOCAL = 0x04;

    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.8.4-1] [MQTT-3.8.4-2] [MQTT-3.8.4-5] [MQTT-3.8.4-6] [MQTT-3.9.3-1] one SUBACK with the packet id and one code per filter, in order")
    void subackPerFilterInOrder(int version) {
        String base = Clients.unique("sub/many");
        RawClient client = clients.connected(version, Clients.unique("sub"));
        client.send(RawPackets.subscribe(version, 0x0102, null,
                new String[] {base + "/q2", base + "/q0", base + "/bad/#/x", base + "/q1"}, new int[] {2, 0, 1, 1}));
        RawPacket.SubAck suback = client.expectSuback();
        assertThat(suback.packetId()).isEqualTo(0x0102);
        int failure = version == V5 ? 0x8F : 0x80;
        assertThat(suback.reasonCodes()).containsExactly(2, 0, failure, 1);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-4.7.1-1] [MQTT-4.7.1-2] a filter with a misplaced # or + is refused in the SUBACK (0x80, v5 0x8F)")
    void invalidFilters(int version) {
        RawClient client = clients.connected(version, Clients.unique("sub"));
        client.send(RawPackets.subscribe(version, 3, null, new String[] {"a/#/b", "a/b#", "a+/b"}, new int[] {0, 0, 0}));
        int failure = version == V5 ? 0x8F : 0x80;
        assertThat(client.expectSuback().reasonCodes()).containsExactly(failure, failure, failure);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.8.4-3] a SUBSCRIBE with an identical filter replaces the subscription: its new QoS applies, one copy per message")
    void identicalFilterReplaces(int version) {
        String topic = Clients.unique("sub/replace");
        RawClient subscriber = clients.connected(version, Clients.unique("sub"));
        assertThat(subscriber.subscribe(1, topic, 0)).isZero();
        assertThat(subscriber.subscribe(2, topic, 1)).isEqualTo(1);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, topic, 1, 1, "one"), RawPackets.publish(version, topic, 1, 2, "two"));
        publisher.expectAck(PUBACK);
        publisher.expectAck(PUBACK);
        RawPacket.Publish first = subscriber.expectPublish();
        assertThat(first.payloadText()).isEqualTo("one");
        assertThat(first.qos()).isEqualTo(1);
        subscriber.send(RawPackets.ack(PUBACK, first.packetId()));
        assertThat(subscriber.expectPublish().payloadText()).isEqualTo("two");
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.3.2-3] + matches one level and # any number of levels, including the parent")
    void wildcardMatching(int version) {
        String base = Clients.unique("sub/wild");
        RawClient plus = clients.subscriber(version, base + "/+/c", 0);
        RawClient hash = clients.subscriber(version, base + "/#", 0);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, base, 0, 0, "parent"),
                RawPackets.publish(version, base + "/b/c", 0, 0, "b-c"),
                RawPackets.publish(version, base + "/b/d/c", 0, 0, "b-d-c"),
                RawPackets.publish(version, base + "//c", 0, 0, "empty level"));
        assertThat(plus.expectPublish().payloadText()).isEqualTo("b-c");
        assertThat(plus.expectPublish().payloadText()).isEqualTo("empty level");
        assertThat(hash.expectPublish().payloadText()).isEqualTo("parent");
        assertThat(hash.expectPublish().payloadText()).isEqualTo("b-c");
        assertThat(hash.expectPublish().payloadText()).isEqualTo("b-d-c");
        assertThat(hash.expectPublish().payloadText()).isEqualTo("empty level");
    }

    @Test
    @DisplayName("[MQTT-3.8.3-3] v5: with No Local, a client's own messages are not forwarded to it")
    void noLocal() {
        String topic = Clients.unique("sub/nolocal");
        RawClient client = clients.connected(V5, Clients.unique("self"));
        client.subscribe(1, topic, NO_LOCAL);
        client.send(RawPackets.publish(V5, topic, 0, 0, "own"));
        RawClient other = clients.connected(V5, Clients.unique("other"));
        other.send(RawPackets.publish(V5, topic, 1, 1, "other"));
        other.expectAck(PUBACK);
        RawPacket.Publish next = client.expectPublish();
        assertThat(next.payloadText()).as("own message forwarded despite No Local").isEqualTo("other");
    }

    @Test
    @DisplayName("[MQTT-3.3.4-2] [MQTT-3.3.4-3] [MQTT-3.3.4-4] v5: overlapping subscriptions give one copy at the highest QoS carrying every subscription identifier")
    void subscriptionIdentifiers() {
        String base = Clients.unique("sub/ids");
        RawClient subscriber = clients.connected(V5, Clients.unique("sub"));
        subscriber.send(RawPackets.subscribe(V5, 1, new RawPackets.Props().varInt(SUBSCRIPTION_ID, 7),
                new String[] {base + "/+"}, new int[] {0}));
        subscriber.expectSuback();
        subscriber.send(RawPackets.subscribe(V5, 2, new RawPackets.Props().varInt(SUBSCRIPTION_ID, 300),
                new String[] {base + "/#"}, new int[] {1}));
        subscriber.expectSuback();
        subscriber.subscribe(3, base + "/x", 0);

        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publisher.send(RawPackets.publish(V5, base + "/x", 1, 1, "tagged"));
        publisher.expectAck(PUBACK);
        publisher.send(RawPackets.publish(V5, base + "/x", 1, 2, "marker"));
        publisher.expectAck(PUBACK);

        RawPacket.Publish tagged = subscriber.expectPublish();
        assertThat(tagged.payloadText()).isEqualTo("tagged");
        assertThat(tagged.qos()).isEqualTo(1);
        assertThat(tagged.properties().getAll(SUBSCRIPTION_ID)).containsExactlyInAnyOrder(7, 300);
        subscriber.send(RawPackets.ack(PUBACK, tagged.packetId()));
        assertThat(subscriber.expectPublish().payloadText()).as("one copy only").isEqualTo("marker");
    }

    @Test
    @DisplayName("[MQTT-3.3.4-3] v5: a subscription without identifier gets no identifier on its messages")
    void noSubscriptionIdentifier() {
        String topic = Clients.unique("sub/noid");
        RawClient subscriber = clients.subscriber(V5, topic, 0);
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publisher.send(RawPackets.publish(V5, topic, 0, 0, "plain"));
        assertThat(subscriber.expectPublish().properties().has(SUBSCRIPTION_ID)).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.8.3-4] v5: No Local on a shared subscription is a protocol error: DISCONNECT 0x82")
    void noLocalOnSharedSubscription() {
        RawClient client = clients.connected(V5, Clients.unique("sharednl"));
        client.send(RawPackets.subscribe(V5, 1, "$share/g/" + Clients.unique("t"), NO_LOCAL));
        assertThat(client.expect(DISCONNECT).disconnectReason()).isEqualTo(0x82);
        client.expectClosed();
    }

    @Test
    @DisplayName("[MQTT-3.3.4-3] v5: retained messages sent because of a SUBSCRIBE carry its subscription identifier")
    void subscriptionIdentifierOnRetained() {
        String topic = Clients.unique("sub/idretained");
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publisher.send(RawPackets.publish(V5, topic, 1, true, false, 1, null, RawPackets.utf8("kept")));
        publisher.expectAck(PUBACK);
        RawClient subscriber = clients.connected(V5, Clients.unique("sub"));
        subscriber.send(RawPackets.subscribe(V5, 1, new RawPackets.Props().varInt(SUBSCRIPTION_ID, 42),
                new String[] {topic}, new int[] {0}));
        subscriber.expectSuback();
        RawPacket.Publish retained = subscriber.expectPublish();
        assertThat(retained.retain()).isTrue();
        assertThat(retained.properties().getAll(SUBSCRIPTION_ID)).containsExactly(42);
    }
}
