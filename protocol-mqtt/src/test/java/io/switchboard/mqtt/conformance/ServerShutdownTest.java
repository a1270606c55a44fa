package io.switchboard.mqtt.conformance;

import static io.switchboard.mqtt.RawPackets.DISCONNECT;
import static io.switchboard.mqtt.RawPackets.V311;
import static io.switchboard.mqtt.RawPackets.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.mqtt.Clients;
import io.switchboard.mqtt.RawClient;
import io.switchboard.mqtt.TestBroker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Server-sent DISCONNECT when the broker stops (section 3.14, reason 0x8B). */
class ServerShutdownTest {
    private TestBroker broker;

    @RegisterExtension
    final Clients clients = new Clients(() -> broker);

    @Test
    @DisplayName("[MQTT-3.14.2-1] [MQTT-3.14.4-2] on shutdown MQTT 5 clients get DISCONNECT 0x8B (server shutting down), 3.1.1 clients a close")
    void shutdownDisconnectsClients() {
        broker = TestBroker.start();
        try {
            RawClient modern = clients.connected(V5, Clients.unique("v5"));
            RawClient old = clients.connected(V311, Clients.unique("v311"));
            modern.subscribe(1, Clients.unique("shutdown/t"), 1);
            broker.close();
            assertThat(modern.expect(DISCONNECT).disconnectReason()).isEqualTo(0x8B);
            modern.expectClosed();
            old.expectClosed();
        } finally {
            broker.close();
        }
    }
}
