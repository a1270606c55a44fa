package io.switchboard.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.switchboard.broker.Broker;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Connect rate, total connections and flapping, observed from the client side. */
@Timeout(120)
class ConnectionLimitsTest {
    @TempDir
    Path dir;
    private Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    /** True when the broker answered CONNECT with CONNACK; false when it reset or closed the connection. */
    private boolean admitted(String clientId) {
        try (Socket socket = RawMqtt.open(broker.mqttPort(), 0)) {
            socket.getOutputStream().write(RawMqtt.connect(clientId));
            InputStream in = socket.getInputStream();
            return RawMqtt.readPacket(in) == 0x20;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aReconnectStormIsRefusedByTheConnectRateWhileAnEstablishedClientKeepsItsLatency() throws Exception {
        broker = SecureBroker.start(dir, "security.limits.connections_per_second=20");
        Mqtt5BlockingClient established = MqttClient.builder().useMqttVersion5().identifier("established")
                .serverHost("127.0.0.1").serverPort(broker.mqttPort()).buildBlocking();
        established.connect();
        established.subscribeWith().topicFilter("ping").qos(MqttQos.AT_LEAST_ONCE).send();

        int storm = 2_000;
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService stormers = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < storm; i++) {
            String id = "storm-" + i;
            done.add(stormers.submit(() -> {
                if (admitted(id)) {
                    accepted.incrementAndGet();
                }
            }));
        }
        long worstMillis = 0;
        try (Mqtt5BlockingClient.Mqtt5Publishes pongs = established.publishes(MqttGlobalPublishFilter.ALL)) {
            while (done.stream().anyMatch(f -> !f.isDone())) {
                long sent = System.nanoTime();
                established.publishWith().topic("ping").qos(MqttQos.AT_LEAST_ONCE)
                        .payload("p".getBytes(StandardCharsets.UTF_8)).send();
                assertThat(pongs.receive(5, TimeUnit.SECONDS)).isPresent();
                worstMillis = Math.max(worstMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
            }
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        stormers.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(accepted.get()).as("admitted in %.1f s", seconds)
                .isLessThanOrEqualTo((int) (20 + 20 * seconds) + 5);
        assertThat(broker.router().hasSession("established")).isTrue();
        assertThat(worstMillis).as("worst publish round trip of the established client").isLessThan(1_000);
    }

    @Test
    void beyondMaxConnectionsNewConnectionsAreResetUntilOneCloses() throws Exception {
        broker = SecureBroker.start(dir, "security.limits.max_connections=2");
        try (Socket one = RawMqtt.open(broker.mqttPort(), 0); Socket two = RawMqtt.open(broker.mqttPort(), 0)) {
            one.getOutputStream().write(RawMqtt.connect("one"));
            two.getOutputStream().write(RawMqtt.connect("two"));
            assertThat(RawMqtt.readPacket(one.getInputStream())).isEqualTo(0x20);
            assertThat(RawMqtt.readPacket(two.getInputStream())).isEqualTo(0x20);
            assertThat(admitted("three")).isFalse();
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> admitted("four"));
    }

    @Test
    void aFlappingClientIdIsBannedWith0x8AInMqtt5And5In311() throws Exception {
        broker = SecureBroker.start(dir, "security.limits.flapping_max_connects=3",
                "security.limits.flapping_window_seconds=60", "security.limits.flapping_ban_seconds=60");
        Mqtt5BlockingClient flapper = MqttClient.builder().useMqttVersion5().identifier("flapper")
                .serverHost("127.0.0.1").serverPort(broker.mqttPort()).buildBlocking();
        for (int i = 0; i < 3; i++) {
            flapper.connect();
            flapper.disconnect();
        }
        try {
            flapper.connect();
            throw new AssertionError("connected while flapping");
        } catch (Mqtt5ConnAckException e) {
            assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BANNED);
        }
        Mqtt3BlockingClient v3 = MqttClient.builder().useMqttVersion3().identifier("flapper")
                .serverHost("127.0.0.1").serverPort(broker.mqttPort()).buildBlocking();
        try {
            v3.connect();
            throw new AssertionError("connected while banned");
        } catch (Mqtt3ConnAckException e) {
            assertThat(e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
        }
        Mqtt5BlockingClient other = MqttClient.builder().useMqttVersion5().identifier("steady")
                .serverHost("127.0.0.1").serverPort(broker.mqttPort()).buildBlocking();
        other.connect();
        other.disconnect();
    }
}
