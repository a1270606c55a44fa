package io.switchboard.mqtt.conformance;

import static io.switchboard.mqtt.RawPackets.PINGRESP;
import static io.switchboard.mqtt.RawPackets.V311;
import static io.switchboard.mqtt.RawPackets.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.mqtt.Clients;
import io.switchboard.mqtt.RawClient;
import io.switchboard.mqtt.RawPacket;
import io.switchboard.mqtt.RawPackets;
import io.switchboard.mqtt.SharedBroker;
import io.switchboard.mqtt.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PINGREQ and PINGRESP (sections 3.12, 3.13) and the keep-alive of section 3.1.2.10. */
class PingTest {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.12.4-1] every PINGREQ gets a PINGRESP (0xD0 0x00)")
    void pingResponse(int version) {
        RawClient client = clients.connected(version, Clients.unique("ping"));
        for (int i = 0; i < 3; i++) {
            client.send(RawPackets.pingreq());
            RawPacket pong = client.expect(PINGRESP);
            assertThat(pong.flags()).isZero();
            assertThat(pong.body()).isEmpty();
        }
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {V311, V5})
    @DisplayName("[MQTT-3.1.2-22] (3.1.1: [MQTT-3.1.2-24]) a silent client is disconnected after 1.5 times its keep alive")
    void keepAliveTimeout(int version) {
        RawClient client = clients.raw();
        long start = System.nanoTime();
        RawPacket.Connack connack = client.connect(RawPackets.connect(version, Clients.unique("silent"), true, 1));
        assertThat(connack.reasonCode()).isZero();
        if (version == V5) {
            RawPacket packet = client.read(Duration.ofSeconds(6));
            assertThat(packet.disconnectReason()).as("v5 DISCONNECT reason").isEqualTo(0x8D);
        }
        client.expectClosed(Duration.ofSeconds(6));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMillis).as("closed after 1.5 x keep alive, not before the keep alive").isBetween(1_000L, 5_000L);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-22] a client that pings within its keep alive stays connected past 1.5 times the keep alive")
    void pingsKeepConnectionAlive() throws Exception {
        RawClient client = clients.raw();
        client.connect(RawPackets.connect(V311, Clients.unique("pinger"), true, 2));
        ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
        try {
            pinger.scheduleAtFixedRate(() -> client.trySend(RawPackets.pingreq()), 500, 500, TimeUnit.MILLISECONDS);
            for (int i = 0; i < 8; i++) {
                client.expect(PINGRESP);
            }
        } finally {
            pinger.shutdownNow();
            assertThat(pinger.awaitTermination(2, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-24] among many connections on the same event loops, only the silent ones time out")
    void onlySilentClientsTimeOutAmongMany() throws Exception {
        List<RawClient> silent = new ArrayList<>();
        List<RawClient> pinging = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            RawClient client = clients.raw();
            client.connect(RawPackets.connect(V311, Clients.unique("many"), true, 1));
            (i % 2 == 0 ? silent : pinging).add(client);
        }
        ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
        try {
            pinger.scheduleAtFixedRate(() -> pinging.forEach(c -> c.trySend(RawPackets.pingreq())), 300, 300,
                    TimeUnit.MILLISECONDS);
            for (RawClient client : silent) {
                client.expectClosed(Duration.ofSeconds(6)); // removing them moves others in the sweeper's slots
            }
            for (RawClient client : pinging) {
                for (int i = 0; i < 10; i++) { // 10 x 300 ms: past two more keep-alive limits after the closes
                    client.expect(PINGRESP);
                }
            }
        } finally {
            pinger.shutdownNow();
            assertThat(pinger.awaitTermination(2, TimeUnit.SECONDS)).isTrue();
        }
    }
}
