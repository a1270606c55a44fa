package io.switchboard.mqtt.conformance;

import static io.switchboard.mqtt.RawPackets.AUTH_DATA;
import static io.switchboard.mqtt.RawPackets.AUTH_METHOD;
import static io.switchboard.mqtt.RawPackets.DISCONNECT;
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

/** AUTH (section 3.15) and enhanced authentication (section 4.12) while no method is configured. */
class AuthTest {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    @Test
    @DisplayName("[MQTT-4.12.0-1] [MQTT-3.2.2-7] an unsupported Authentication Method gets CONNACK 0x8C and a close")
    void unsupportedAuthenticationMethod() {
        RawClient client = clients.raw();
        RawPacket.Connack connack = client.connect(RawPackets.connectBuilder(V5, Clients.unique("auth"))
                .properties(new RawPackets.Props().utf8(AUTH_METHOD, "SCRAM-SHA-256")
                        .binary(AUTH_DATA, RawPackets.utf8("n,,n=user,r=nonce")))
                .build());
        assertThat(connack.reasonCode()).isEqualTo(0x8C);
        assertThat(connack.sessionPresent()).isFalse();
        client.expectClosed();
    }

    @Test
    @DisplayName("[MQTT-4.12.0-6] without an Authentication Method in CONNECT, CONNACK carries none")
    void noAuthenticationMethodInConnack() {
        RawClient client = clients.raw();
        RawPacket.Connack connack = client.connect(RawPackets.connect(V5, Clients.unique("plain"), true, 30));
        assertThat(connack.reasonCode()).isZero();
        assertThat(connack.properties().has(AUTH_METHOD)).isFalse();
    }

    @Test
    @DisplayName("[MQTT-4.12.0-7] [MQTT-3.15.2-1] an AUTH on a connection that did not negotiate a method is a protocol error: DISCONNECT 0x82")
    void authWithoutMethodIsProtocolError() {
        RawClient client = clients.connected(V5, Clients.unique("auth-late"));
        client.send(RawPackets.auth(0x19, new RawPackets.Props().utf8(AUTH_METHOD, "SCRAM-SHA-256")));
        assertThat(client.expect(DISCONNECT).disconnectReason()).isEqualTo(0x82);
        client.expectClosed();
    }
}
