package io.switchboard.mqtt.conformance;

import static io.switchboard.mqtt.RawPackets.DISCONNECT;
import static io.switchboard.mqtt.RawPackets.PUBACK;
import static io.switchboard.mqtt.RawPackets.RECEIVE_MAXIMUM;
import static io.switchboard.mqtt.RawPackets.V311;
import static io.switchboard.mqtt.RawPackets.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.mqtt.Clients;
import io.switchboard.mqtt.MqttSettings;
import io.switchboard.mqtt.RawClient;
import io.switchboard.mqtt.RawPacket;
import io.switchboard.mqtt.RawPackets;
import io.switchboard.mqtt.TestBroker;
import io.switchboard.router.RouterSettings;
import io.switchboard.router.api.OverflowPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bounded per-session queue seen from MQTT clients (issue 2, router point): each overflow policy, with
 * the drop counted. One small broker per test, since the limit is a router setting.
 */
class QueueOverflowTest {
    private static final int QUEUE_LIMIT = 3;

    private TestBroker broker;

    @RegisterExtension
    final Clients clients = new Clients(() -> broker);

    @AfterEach
    void stop() {
        broker.close();
    }

    private void start(OverflowPolicy policy) {
        broker = TestBroker.start(MqttSettings.DEFAULTS,
                new RouterSettings(QUEUE_LIMIT, 64L * 1024 * 1024, policy, false));
    }

    /** A persistent subscriber that goes offline, five QoS 1 messages published meanwhile, what it gets back. */
    private List<String> offlineOverflow(int version) {
        String id = Clients.unique("overflow");
        String topic = Clients.unique("overflow/t");
        RawClient first = clients.persistent(version, id);
        first.subscribe(1, topic, 1);
        first.send(RawPackets.disconnect(version));
        first.expectClosed();
        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        for (int i = 1; i <= 5; i++) {
            publisher.send(RawPackets.publish(version, topic, 1, i, "m" + i));
            publisher.expectAck(PUBACK);
        }
        RawClient second = clients.persistent(version, id);
        List<String> received = new ArrayList<>();
        for (int i = 0; i < QUEUE_LIMIT; i++) {
            RawPacket.Publish p = second.expectPublish();
            received.add(p.payloadText());
            second.send(RawPackets.ack(PUBACK, p.packetId()));
        }
        publisher.send(RawPackets.publish(version, topic, 1, 9, "marker"));
        publisher.expectAck(PUBACK);
        RawPacket.Publish next = second.expectPublish();
        assertThat(next.payloadText()).as("more than the queue limit was kept").isEqualTo("marker");
        second.send(RawPackets.ack(PUBACK, next.packetId()));
        return received;
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("drop-oldest: an offline session keeps the newest messages up to its limit; the drops are counted")
    void dropOldest(int version) {
        start(OverflowPolicy.DROP_OLDEST);
        assertThat(offlineOverflow(version)).containsExactly("m3", "m4", "m5");
        assertThat(broker.router().stats().droppedQueueFull()).isEqualTo(2);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("drop-new: an offline session keeps the oldest messages up to its limit; the drops are counted")
    void dropNew(int version) {
        start(OverflowPolicy.DROP_NEW);
        assertThat(offlineOverflow(version)).containsExactly("m1", "m2", "m3");
        assertThat(broker.router().stats().droppedQueueFull()).isEqualTo(2);
    }

    @Test
    @DisplayName("disconnect policy: a connected MQTT 5 client whose queue overflows gets DISCONNECT 0x97 (quota exceeded)")
    void disconnectPolicy() {
        start(OverflowPolicy.DISCONNECT);
        String topic = Clients.unique("overflow/slow");
        RawClient slow = clients.raw();
        slow.connect(RawPackets.connectBuilder(V5, Clients.unique("slow"))
                .properties(new RawPackets.Props().u16(RECEIVE_MAXIMUM, 1)).build());
        slow.subscribe(1, topic, 1);
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        for (int i = 1; i <= QUEUE_LIMIT + 3; i++) {
            publisher.send(RawPackets.publish(V5, topic, 1, i, "m" + i));
            publisher.expectAck(PUBACK);
        }
        RawPacket first = slow.read();
        assertThat(first.type()).isEqualTo(RawPackets.PUBLISH);
        RawPacket second = slow.read();
        assertThat(second.type()).as("after the one message in flight").isEqualTo(DISCONNECT);
        assertThat(second.disconnectReason()).isEqualTo(0x97);
        slow.expectClosed();
        assertThat(broker.router().stats().droppedQueueFull()).isPositive();
    }

    @ParameterizedTest(name = "queueQos0Offline={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("QoS 0 messages for an offline persistent session are queued only when configured (queueQos0Offline)")
    void qos0OfflineQueueing(boolean queueQos0) {
        broker = TestBroker.start(MqttSettings.DEFAULTS,
                new RouterSettings(100, 64L * 1024 * 1024, OverflowPolicy.DROP_OLDEST, queueQos0));
        String id = Clients.unique("q0offline");
        String topic = Clients.unique("overflow/q0");
        RawClient first = clients.persistent(V5, id);
        first.subscribe(1, topic, 1);
        first.send(RawPackets.disconnect(V5));
        first.expectClosed();
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publisher.send(RawPackets.publish(V5, topic, 0, 0, "qos0"));
        publisher.send(RawPackets.publish(V5, topic, 1, 1, "qos1"));
        publisher.expectAck(PUBACK);
        RawClient second = clients.persistent(V5, id);
        RawPacket.Publish next = second.expectPublish();
        if (queueQos0) {
            assertThat(next.payloadText()).isEqualTo("qos0");
            next = second.expectPublish();
        }
        assertThat(next.payloadText()).isEqualTo("qos1");
        second.send(RawPackets.ack(PUBACK, next.packetId()));
    }
}
