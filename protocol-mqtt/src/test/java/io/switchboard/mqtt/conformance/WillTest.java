package io.switchboard.mqtt.conformance;

import static io.switchboard.mqtt.RawPackets.CONTENT_TYPE;
import static io.switchboard.mqtt.RawPackets.SESSION_EXPIRY;
import static io.switchboard.mqtt.RawPackets.USER_PROPERTY;
import static io.switchboard.mqtt.RawPackets.V311;
import static io.switchboard.mqtt.RawPackets.V5;
import static io.switchboard.mqtt.RawPackets.WILL_DELAY;
import static org.assertj.core.api.Assertions.assertThat;

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

/** The will message of CONNECT (sections 3.1.2.5 to 3.1.2.7, 3.1.3.2) and the MQTT 5 Will Delay Interval. */
class WillTest {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    /** Connects a client with a will; session expiry and will delay apply to MQTT 5 only (-1: absent). */
    private RawClient withWill(int version, String id, String topic, int qos, boolean retain, long sessionExpiry,
                               long willDelay) {
        RawPackets.Connect connect = RawPackets.connectBuilder(version, id)
                .will(topic, RawPackets.utf8("gone: " + id), qos, retain);
        if (version == V5) {
            RawPackets.Props props = new RawPackets.Props();
            if (sessionExpiry >= 0) {
                props.u32(SESSION_EXPIRY, sessionExpiry);
            }
            connect.properties(props);
            RawPackets.Props willProps = new RawPackets.Props();
            if (willDelay >= 0) {
                willProps.u32(WILL_DELAY, willDelay);
            }
            connect.willProperties(willProps);
        }
        RawClient client = clients.raw();
        assertThat(client.connect(connect.build()).reasonCode()).isZero();
        return client;
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.1.2-8] [MQTT-3.1.2-14] the will is published when the connection closes without DISCONNECT")
    void willOnAbnormalClose(int version) {
        String topic = Clients.unique("will/abnormal");
        RawClient watcher = clients.subscriber(version, topic, 1);
        String id = Clients.unique("dies");
        RawClient client = withWill(version, id, topic, 1, false, -1, -1);
        client.close();
        RawPacket.Publish will = watcher.expectPublish();
        assertThat(will.topic()).isEqualTo(topic);
        assertThat(will.payloadText()).isEqualTo("gone: " + id);
        assertThat(will.qos()).isEqualTo(1);
        assertThat(will.retain()).isFalse();
        watcher.send(RawPackets.ack(RawPackets.PUBACK, will.packetId()));
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.1.2-15] a will with Will Retain 1 is published as a retained message")
    void retainedWill(int version) {
        String topic = Clients.unique("will/retained");
        String id = Clients.unique("dies");
        RawClient watcher = clients.subscriber(version, topic, 0);
        RawClient client = withWill(version, id, topic, 0, true, -1, -1);
        client.close();
        watcher.expectPublish();
        RawClient late = clients.connected(version, Clients.unique("late"));
        late.subscribe(1, topic, 0);
        RawPacket.Publish retained = late.expectPublish();
        assertThat(retained.retain()).isTrue();
        assertThat(retained.payloadText()).isEqualTo("gone: " + id);
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.1.2-8] the will is published when the keep alive expires")
    void willOnKeepAliveTimeout(int version) {
        String topic = Clients.unique("will/keepalive");
        RawClient watcher = clients.subscriber(version, topic, 0);
        RawClient client = clients.raw();
        client.connect(RawPackets.connectBuilder(version, Clients.unique("silent")).keepAlive(1)
                .will(topic, RawPackets.utf8("timed out"), 0, false).build());
        assertThat(watcher.expectPublish().payloadText()).isEqualTo("timed out");
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] v5: the will waits for its Will Delay Interval")
    void willDelay() {
        String topic = Clients.unique("will/delay");
        RawClient watcher = clients.subscriber(V5, topic, 0);
        RawClient client = withWill(V5, Clients.unique("delayed"), topic, 0, false, 60, 1);
        long closedAt = System.nanoTime();
        client.close();
        watcher.read(Duration.ofSeconds(5)).publish(V5);
        long elapsedMillis = (System.nanoTime() - closedAt) / 1_000_000;
        assertThat(elapsedMillis).as("will sent after its 1 s delay").isGreaterThanOrEqualTo(900);
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] v5: a reconnect within the Will Delay Interval cancels the will")
    void reconnectWithinWillDelayCancelsWill() {
        String base = Clients.unique("will/cancel");
        RawClient watcher = clients.subscriber(V5, base + "/+", 0);
        String id = Clients.unique("returns");
        RawClient client = withWill(V5, id, base + "/returning", 0, false, 60, 1);
        client.close();
        RawClient back = clients.persistent(V5, id);
        assertThat(back.lastConnack().sessionPresent()).isTrue();
        RawClient control = withWill(V5, Clients.unique("control"), base + "/control", 0, false, 60, 1);
        control.close();
        RawPacket.Publish first = watcher.read(Duration.ofSeconds(5)).publish(V5);
        assertThat(first.topic()).as("the cancelled will was sent before the control will").isEqualTo(base + "/control");
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] v5: with session expiry 0 the will goes immediately, whatever its delay")
    void willDelayCutBySessionEnd() {
        String topic = Clients.unique("will/expiry0");
        RawClient watcher = clients.subscriber(V5, topic, 0);
        RawClient client = withWill(V5, Clients.unique("short"), topic, 0, false, 0, 30);
        long closedAt = System.nanoTime();
        client.close();
        watcher.read(Duration.ofSeconds(5)).publish(V5);
        long elapsedMillis = (System.nanoTime() - closedAt) / 1_000_000;
        assertThat(elapsedMillis).as("will sent at session end, long before its 30 s delay").isLessThan(5_000);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] v5: the will goes when the session expires, if that is before the will delay")
    void willAtSessionExpiry() {
        String topic = Clients.unique("will/expiry1");
        RawClient watcher = clients.subscriber(V5, topic, 0);
        RawClient client = withWill(V5, Clients.unique("expiring"), topic, 0, false, 1, 30);
        long closedAt = System.nanoTime();
        client.close();
        watcher.read(Duration.ofSeconds(8)).publish(V5);
        long elapsedMillis = (System.nanoTime() - closedAt) / 1_000_000;
        assertThat(elapsedMillis).isBetween(900L, 8_000L);
    }

    @Test
    @DisplayName("[MQTT-3.1.3-10] v5: will properties are forwarded, user properties in order")
    void willProperties() {
        String topic = Clients.unique("will/props");
        RawClient watcher = clients.subscriber(V5, topic, 0);
        RawClient client = clients.raw();
        client.connect(RawPackets.connectBuilder(V5, Clients.unique("props"))
                .will(topic, RawPackets.utf8("{}"), 0, false)
                .willProperties(new RawPackets.Props().utf8(CONTENT_TYPE, "application/json")
                        .pair(USER_PROPERTY, "b", "2").pair(USER_PROPERTY, "a", "1").pair(USER_PROPERTY, "b", "3"))
                .build());
        client.close();
        RawPacket.Publish will = watcher.expectPublish();
        assertThat(will.properties().string(CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(will.properties().userProperties()).containsExactly("b=2", "a=1", "b=3");
    }

    @Test
    @DisplayName("[MQTT-3.3.2-6] v5: a will's Message Expiry Interval is forwarded as its remaining lifetime")
    void willMessageExpiry() {
        String topic = Clients.unique("will/expiry");
        RawClient watcher = clients.subscriber(V5, topic, 0);
        RawClient client = clients.raw();
        client.connect(RawPackets.connectBuilder(V5, Clients.unique("expiring-will"))
                .will(topic, RawPackets.utf8("short-lived will"), 0, false)
                .willProperties(new RawPackets.Props().u32(RawPackets.MESSAGE_EXPIRY, 60)).build());
        client.close();
        RawPacket.Publish will = watcher.expectPublish();
        assertThat(will.properties().number(RawPackets.MESSAGE_EXPIRY)).isBetween(55L, 60L);
    }
}
