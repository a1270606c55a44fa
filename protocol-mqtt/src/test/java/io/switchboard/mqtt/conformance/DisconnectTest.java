package io.switchboard.mqtt.conformance;

import static io.switchboard.mqtt.RawPackets.DISCONNECT;
import static io.switchboard.mqtt.RawPackets.SESSION_EXPIRY;
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

/** DISCONNECT (section 3.14) sent by the client: will handling, close, and the MQTT 5 session expiry update. */
class DisconnectTest {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    private RawClient connectWithWill(int version, String willTopic) {
        RawClient client = clients.raw();
        RawPacket.Connack connack = client.connect(RawPackets.connectBuilder(version, Clients.unique("will"))
                .will(willTopic, RawPackets.utf8("will payload"), 0, false).build());
        assertThat(connack.reasonCode()).isZero();
        return client;
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.14.4-3] [MQTT-3.1.2-10] a normal DISCONNECT discards the will; the broker closes the connection")
    void normalDisconnectDiscardsWill(int version) {
        String willTopic = Clients.unique("disc/will");
        RawClient watcher = clients.subscriber(version, willTopic, 0);
        RawClient client = connectWithWill(version, willTopic);
        client.send(RawPackets.disconnect(version));
        client.expectClosed();

        RawClient publisher = clients.connected(version, Clients.unique("pub"));
        publisher.send(RawPackets.publish(version, willTopic, 0, 0, "marker"));
        assertThat(watcher.expectPublish().payloadText()).as("will published after DISCONNECT").isEqualTo("marker");
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] v5: DISCONNECT with reason 0x04 (disconnect with will message) publishes the will")
    void disconnectWithWill() {
        String willTopic = Clients.unique("disc/will04");
        RawClient watcher = clients.subscriber(V5, willTopic, 0);
        RawClient client = connectWithWill(V5, willTopic);
        client.send(RawPackets.disconnect(V5, 0x04, null));
        client.expectClosed();
        assertThat(watcher.expectPublish().payloadText()).isEqualTo("will payload");
    }

    @Test
    @DisplayName("[MQTT-3.14.2-2] v5: a non-zero session expiry on DISCONNECT after CONNECT with 0 is a protocol error: DISCONNECT 0x82")
    void sessionExpiryFromZeroIsProtocolError() {
        RawClient client = clients.connected(V5, Clients.unique("expiry0"));
        client.send(RawPackets.disconnect(V5, 0, new RawPackets.Props().u32(SESSION_EXPIRY, 60)));
        RawPacket packet = client.expect(DISCONNECT);
        assertThat(packet.disconnectReason()).isEqualTo(0x82);
        client.expectClosed();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-23] v5: session expiry 0 sent on DISCONNECT ends the session with the connection")
    void disconnectEndsSession() {
        String id = Clients.unique("expiry-end");
        RawClient first = clients.persistent(V5, id);
        first.subscribe(1, Clients.unique("disc/t"), 1);
        first.send(RawPackets.disconnect(V5, 0, new RawPackets.Props().u32(SESSION_EXPIRY, 0)));
        first.expectClosed();
        RawClient second = clients.persistent(V5, id);
        assertThat(second.lastConnack().sessionPresent()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-23] v5: a session expiry raised on DISCONNECT keeps the session")
    void disconnectRaisesSessionExpiry() {
        String id = Clients.unique("expiry-raise");
        RawClient first = clients.raw();
        first.connect(RawPackets.connectBuilder(V5, id).cleanStart(true)
                .properties(new RawPackets.Props().u32(SESSION_EXPIRY, 10)).build());
        first.send(RawPackets.disconnect(V5, 0, new RawPackets.Props().u32(SESSION_EXPIRY, 300)));
        first.expectClosed();
        RawClient second = clients.persistent(V5, id);
        assertThat(second.lastConnack().sessionPresent()).isTrue();
    }
}
