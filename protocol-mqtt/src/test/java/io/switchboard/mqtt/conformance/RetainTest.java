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
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Retained messages (PUBLISH RETAIN flag, section 3.3.1.3) and the MQTT 5 retain subscription options. */
class RetainTest {
    private static final int RETAIN_AS_PUBLISHED = 0x08;
    private static final int RETAIN_HANDLING_IF_NEW = 1 << 4;
    private static final int RETAIN_HANDLING_NEVER = 2 << 4;

    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    /** Publishes at QoS 1 and waits for the PUBACK, so the broker has handled it before the next step. */
    private static void publishAcked(RawClient publisher, String topic, boolean retain, String payload) {
        int version = publisher.version();
        publisher.send(RawPackets.publish(version, topic, 1, retain, false, 1, null, RawPackets.utf8(payload)));
        publisher.expectAck(PUBACK);
    }

    /** Expects that the next PUBLISH is the (non-retained) marker, proving nothing retained came before it. */
    private static void expectOnlyMarker(RawClient subscriber, RawClient publisher, String topic) {
        publishAcked(publisher, topic, false, "marker");
        RawPacket.Publish next = subscriber.expectPublish();
        assertThat(next.payloadText()).as("a retained message was delivered").isEqualTo("marker");
        assertThat(next.retain()).isFalse();
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.3.1-5] [MQTT-3.3.1-9] a retained message is stored and sent, with RETAIN 1, to a new subscription")
    void retainedDeliveredOnSubscribe(int version) {
        String topic = Clients.unique("retain/store");
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publishAcked(publisher, topic, true, "kept");
        RawClient subscriber = clients.connected(version, Clients.unique("sub"));
        subscriber.subscribe(1, topic, 1);
        RawPacket.Publish retained = subscriber.expectPublish();
        assertThat(retained.retain()).isTrue();
        assertThat(retained.payloadText()).isEqualTo("kept");
        assertThat(retained.qos()).isEqualTo(1);
        subscriber.send(RawPackets.ack(PUBACK, retained.packetId()));
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.3.1-5] a new retained message replaces the topic's retained message")
    void retainedReplaced(int version) {
        String topic = Clients.unique("retain/replace");
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publishAcked(publisher, topic, true, "old");
        publishAcked(publisher, topic, true, "new");
        RawClient subscriber = clients.connected(version, Clients.unique("sub"));
        subscriber.subscribe(1, topic, 0);
        assertThat(subscriber.expectPublish().payloadText()).isEqualTo("new");
        expectOnlyMarker(subscriber, publisher, topic);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.3.1-6] [MQTT-3.3.1-7] an empty retained PUBLISH is delivered as usual, removes the retained message and is not stored")
    void emptyPayloadDeletes(int version) {
        String topic = Clients.unique("retain/delete");
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publishAcked(publisher, topic, true, "to delete");
        RawClient live = clients.subscriber(version, topic, 0);
        assertThat(live.expectPublish().payloadText()).isEqualTo("to delete");
        publishAcked(publisher, topic, true, "");
        RawPacket.Publish deletion = live.expectPublish();
        assertThat(deletion.payload()).isEmpty();

        RawClient late = clients.connected(version, Clients.unique("sub"));
        late.subscribe(1, topic, 0);
        expectOnlyMarker(late, publisher, topic);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.3.1-8] a PUBLISH with RETAIN 0 neither stores nor replaces the retained message")
    void nonRetainedLeavesRetained(int version) {
        String topic = Clients.unique("retain/keep");
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publishAcked(publisher, topic, true, "retained");
        publishAcked(publisher, topic, false, "transient");
        RawClient subscriber = clients.connected(version, Clients.unique("sub"));
        subscriber.subscribe(1, topic, 0);
        assertThat(subscriber.expectPublish().payloadText()).isEqualTo("retained");
        expectOnlyMarker(subscriber, publisher, topic);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.3.1-9] a wildcard subscription receives every matching retained message")
    void wildcardRetained(int version) {
        String base = Clients.unique("retain/wild");
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publishAcked(publisher, base + "/a", true, "a");
        publishAcked(publisher, base + "/b/c", true, "bc");
        publishAcked(publisher, base + "/d", false, "not retained");
        RawClient subscriber = clients.connected(version, Clients.unique("sub"));
        subscriber.subscribe(1, base + "/#", 0);
        Set<String> topics = new HashSet<>();
        topics.add(subscriber.expectPublish().topic());
        topics.add(subscriber.expectPublish().topic());
        assertThat(topics).containsExactlyInAnyOrder(base + "/a", base + "/b/c");
        expectOnlyMarker(subscriber, publisher, base + "/d");
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.8.4-8] a retained message is sent at the lower of its QoS and the granted QoS")
    void retainedQosDowngraded(int version) {
        String topic = Clients.unique("retain/qos");
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publishAcked(publisher, topic, true, "qos 1 retained");
        RawClient atMostOnce = clients.connected(version, Clients.unique("sub0"));
        atMostOnce.subscribe(1, topic, 0);
        assertThat(atMostOnce.expectPublish().qos()).isZero();
        RawClient exactlyOnce = clients.connected(version, Clients.unique("sub2"));
        exactlyOnce.subscribe(1, topic, 2);
        RawPacket.Publish retained = exactlyOnce.expectPublish();
        assertThat(retained.qos()).isEqualTo(1);
        exactlyOnce.send(RawPackets.ack(PUBACK, retained.packetId()));
    }

    @Test
    @DisplayName("3.3.1.3: retained messages go to new non-shared subscriptions only, never to a new shared subscription")
    void noRetainedForSharedSubscription() {
        String topic = Clients.unique("retain/shared");
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publishAcked(publisher, topic, true, "retained");
        RawClient member = clients.connected(V5, Clients.unique("member"));
        member.subscribe(1, "$share/" + Clients.unique("g") + "/" + topic, 0);
        expectOnlyMarker(member, publisher, topic);
    }

    @Test
    @DisplayName("v3.1.1 [MQTT-3.3.1-9]: a retained PUBLISH forwarded to an established subscription has RETAIN 0")
    void liveRetainFlagCleared311() {
        String topic = Clients.unique("retain/live311");
        RawClient subscriber = clients.subscriber(V311, topic, 0);
        RawClient publisher = clients.connected(V311, Clients.unique("pub"));
        publishAcked(publisher, topic, true, "live");
        assertThat(subscriber.expectPublish().retain()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.3.1-12] v5: Retain As Published 0 forwards live messages with RETAIN 0")
    void retainAsPublishedOff() {
        String topic = Clients.unique("retain/rap0");
        RawClient subscriber = clients.subscriber(V5, topic, 0);
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publishAcked(publisher, topic, true, "live");
        assertThat(subscriber.expectPublish().retain()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.3.1-13] v5: Retain As Published 1 forwards live messages with the RETAIN flag as published")
    void retainAsPublishedOn() {
        String topic = Clients.unique("retain/rap1");
        RawClient subscriber = clients.subscriber(V5, topic, RETAIN_AS_PUBLISHED);
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publishAcked(publisher, topic, true, "retained live");
        publishAcked(publisher, topic, false, "plain live");
        assertThat(subscriber.expectPublish().retain()).isTrue();
        assertThat(subscriber.expectPublish().retain()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.3.1-10] v5: Retain Handling 1 sends retained messages only when the subscription is new")
    void retainHandlingIfNew() {
        String topic = Clients.unique("retain/rh1");
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publishAcked(publisher, topic, true, "retained");
        RawClient subscriber = clients.connected(V5, Clients.unique("sub"));
        subscriber.subscribe(1, topic, RETAIN_HANDLING_IF_NEW);
        assertThat(subscriber.expectPublish().payloadText()).isEqualTo("retained");
        subscriber.subscribe(2, topic, RETAIN_HANDLING_IF_NEW);
        expectOnlyMarker(subscriber, publisher, topic);
    }

    @Test
    @DisplayName("[MQTT-3.3.1-9] [MQTT-3.8.4-4] v5: Retain Handling 0 sends retained messages on every SUBSCRIBE, also a replacing one")
    void retainHandlingAlways() {
        String topic = Clients.unique("retain/rh0");
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publishAcked(publisher, topic, true, "retained");
        RawClient subscriber = clients.connected(V5, Clients.unique("sub"));
        subscriber.subscribe(1, topic, 0);
        assertThat(subscriber.expectPublish().payloadText()).isEqualTo("retained");
        subscriber.subscribe(2, topic, 0);
        assertThat(subscriber.expectPublish().payloadText()).isEqualTo("retained");
    }

    @Test
    @DisplayName("[MQTT-3.3.1-11] v5: Retain Handling 2 sends no retained messages")
    void retainHandlingNever() {
        String topic = Clients.unique("retain/rh2");
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publishAcked(publisher, topic, true, "retained");
        RawClient subscriber = clients.connected(V5, Clients.unique("sub"));
        subscriber.subscribe(1, topic, RETAIN_HANDLING_NEVER);
        expectOnlyMarker(subscriber, publisher, topic);
    }
}
