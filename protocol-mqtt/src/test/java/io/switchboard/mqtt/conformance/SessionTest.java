package io.switchboard.mqtt.conformance;

import static io.switchboard.mqtt.RawPackets.MESSAGE_EXPIRY;
import static io.switchboard.mqtt.RawPackets.PUBACK;
import static io.switchboard.mqtt.RawPackets.PUBCOMP;
import static io.switchboard.mqtt.RawPackets.PUBREC;
import static io.switchboard.mqtt.RawPackets.PUBREL;
import static io.switchboard.mqtt.RawPackets.SESSION_EXPIRY;
import static io.switchboard.mqtt.RawPackets.V311;
import static io.switchboard.mqtt.RawPackets.V5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.mqtt.Clients;
import io.switchboard.mqtt.RawClient;
import io.switchboard.mqtt.RawPacket;
import io.switchboard.mqtt.RawPackets;
import io.switchboard.mqtt.SharedBroker;
import io.switchboard.mqtt.TestBroker;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Session state across connections (sections 3.1.2.4, 3.1.2.11.2, 4.1): offline queueing, expiry. */
class SessionTest {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.1.2-5] [MQTT-4.5.0-1] a persistent session receives the QoS 1 and 2 messages published while it was offline, in order")
    void offlineMessagesDelivered(int version) {
        String id = Clients.unique("offline");
        String topic = Clients.unique("session/offline");
        RawClient first = clients.persistent(version, id);
        first.subscribe(1, topic, 2);
        first.send(RawPackets.disconnect(version));
        first.expectClosed();

        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, topic, 1, 1, "one"));
        publisher.expectAck(PUBACK);
        publisher.send(RawPackets.publish(version, topic, 2, 2, "two"));
        publisher.expectAck(PUBREC);
        publisher.send(RawPackets.ack(PUBREL, 2));
        publisher.expectAck(PUBCOMP);
        publisher.send(RawPackets.publish(version, topic, 1, 3, "three"));
        publisher.expectAck(PUBACK);

        RawClient second = clients.persistent(version, id);
        assertThat(second.lastConnack().sessionPresent()).isTrue();
        RawPacket.Publish one = second.expectPublish();
        RawPacket.Publish two = second.expectPublish();
        RawPacket.Publish three = second.expectPublish();
        assertThat(one.payloadText()).isEqualTo("one");
        assertThat(one.qos()).isEqualTo(1);
        assertThat(two.payloadText()).isEqualTo("two");
        assertThat(two.qos()).isEqualTo(2);
        assertThat(three.payloadText()).isEqualTo("three");
        second.send(RawPackets.ack(PUBACK, one.packetId()), RawPackets.ack(PUBREC, two.packetId()));
        second.expectAck(PUBREL);
        second.send(RawPackets.ack(PUBCOMP, two.packetId()), RawPackets.ack(PUBACK, three.packetId()));
        second.send(RawPackets.pingreq());
        second.expect(RawPackets.PINGRESP);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.1.2-5] the subscriptions of a resumed session keep working without a new SUBSCRIBE")
    void subscriptionsSurvive(int version) {
        String id = Clients.unique("keep-subs");
        String topic = Clients.unique("session/subs");
        RawClient first = clients.persistent(version, id);
        first.subscribe(1, topic, 1);
        first.send(RawPackets.disconnect(version));
        first.expectClosed();
        RawClient second = clients.persistent(version, id);
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, topic, 0, 0, "live again"));
        assertThat(second.expectPublish().payloadText()).isEqualTo("live again");
    }

    @Test
    @DisplayName("[MQTT-4.1.0-2] v5: the session is discarded when its Session Expiry Interval passes after the close")
    void sessionExpires() {
        String id = Clients.unique("expires");
        RawClient first = clients.raw();
        first.connect(RawPackets.connectBuilder(V5, id).cleanStart(false)
                .properties(new RawPackets.Props().u32(SESSION_EXPIRY, 1)).build());
        first.subscribe(1, Clients.unique("session/expiry"), 1);
        first.send(RawPackets.disconnect(V5));
        first.expectClosed();
        await().atMost(Duration.ofSeconds(5)).until(() -> !broker.get().router().hasSession(id));
        RawClient second = clients.persistent(V5, id);
        assertThat(second.lastConnack().sessionPresent()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-23] v5: session expiry 0 (the default) ends the session with the connection")
    void noSessionExpiryMeansNoSession() {
        String id = Clients.unique("no-expiry");
        RawClient first = clients.raw();
        first.connect(RawPackets.connect(V5, id, false, 30));
        first.send(RawPackets.disconnect(V5));
        first.expectClosed();
        RawClient second = clients.persistent(V5, id);
        assertThat(second.lastConnack().sessionPresent()).isFalse();
    }

    @Test
    @DisplayName("3.1.1 [MQTT-3.1.2-6]: a clean session ends with the connection")
    void cleanSessionEnds311() {
        String id = Clients.unique("clean311");
        RawClient first = clients.connected(V311, id);
        first.send(RawPackets.disconnect(V311));
        first.expectClosed();
        await().atMost(Duration.ofSeconds(5)).until(() -> !broker.get().router().hasSession(id));
        RawClient second = clients.persistent(V311, id);
        assertThat(second.lastConnack().sessionPresent()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] [MQTT-3.3.2-6] v5: a queued message that expired is not delivered; a live one carries its remaining expiry")
    void messageExpiryInOfflineQueue() {
        String id = Clients.unique("expiring-queue");
        String topic = Clients.unique("session/msgexpiry");
        RawClient first = clients.persistent(V5, id);
        first.subscribe(1, topic, 1);
        first.send(RawPackets.disconnect(V5));
        first.expectClosed();

        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publisher.send(RawPackets.publish(V5, topic, 1, false, false, 1,
                new RawPackets.Props().u32(MESSAGE_EXPIRY, 1), RawPackets.utf8("short-lived")));
        publisher.expectAck(PUBACK);
        long expiredAt = System.currentTimeMillis() + 1_100;
        publisher.send(RawPackets.publish(V5, topic, 1, false, false, 2,
                new RawPackets.Props().u32(MESSAGE_EXPIRY, 300), RawPackets.utf8("long-lived")));
        publisher.expectAck(PUBACK);
        // The behaviour under test is defined by wall-clock time: the first message's 1 s lifetime must pass.
        await().atMost(Duration.ofSeconds(3)).until(() -> System.currentTimeMillis() >= expiredAt);

        RawClient second = clients.persistent(V5, id);
        RawPacket.Publish delivered = second.expectPublish();
        assertThat(delivered.payloadText()).as("expired message delivered").isEqualTo("long-lived");
        assertThat(delivered.properties().number(MESSAGE_EXPIRY)).isBetween(290L, 300L);
        second.send(RawPackets.ack(PUBACK, delivered.packetId()));
    }
}
