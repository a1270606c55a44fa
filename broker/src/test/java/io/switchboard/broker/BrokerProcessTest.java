package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the real launcher: a child broker process started with the shipped config on ephemeral
 * ports, real clients (mosquitto_pub/mosquitto_sub in 3.1.1 and 5, HiveMQ over TCP and WebSocket), and a
 * SIGTERM that must reach MQTT 5 clients as DISCONNECT 0x8B and end the process with exit code 0.
 */
@Timeout(90)
class BrokerProcessTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path workDir;

    private ProcessOutput startBroker(String... extraArgs) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("start", "--config",
                BrokerProcess.SHIPPED_CONFIG.toString(), "--set", "mqtt.port=0", "--set", "mqtt.websocket_port=0",
                "--set", "amqp.port=0"));
        args.addAll(List.of(extraArgs));
        return BrokerProcess.launch(workDir, args.toArray(String[]::new));
    }

    @Test
    void servesRealClientsAndStopsCleanlyOnSigterm() throws Exception {
        try (ProcessOutput broker = startBroker()) {
            int[] ports = BrokerProcess.awaitPorts(broker);
            int port = ports[0];
            assertThat(workDir.resolve("data")).as("data directory created on start").isDirectory();

            Mosquitto.roundTrip(port, "mqttv311", "e2e/v311", "hello-311");
            Mosquitto.roundTrip(port, "mqttv5", "e2e/v5", "hello-5");

            CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
            Mqtt5AsyncClient v5 = MqttClient.builder().useMqttVersion5().identifier("e2e-hivemq-v5")
                    .serverHost("127.0.0.1").serverPort(port)
                    .addDisconnectedListener(context -> disconnected.complete(context.getCause()))
                    .buildAsync();
            v5.connect().get(10, TimeUnit.SECONDS);
            CompletableFuture<Mqtt5Publish> received = new CompletableFuture<>();
            v5.subscribeWith().topicFilter("e2e/hivemq/#").qos(MqttQos.EXACTLY_ONCE).callback(received::complete)
                    .send().get(10, TimeUnit.SECONDS);

            Mqtt3AsyncClient overWebSocket = MqttClient.builder().useMqttVersion3().identifier("e2e-hivemq-ws")
                    .serverHost("127.0.0.1").serverPort(ports[1])
                    .webSocketConfig().serverPath("mqtt").applyWebSocketConfig()
                    .buildAsync();
            overWebSocket.connect().get(10, TimeUnit.SECONDS);
            overWebSocket.publishWith().topic("e2e/hivemq/ws").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("over websocket".getBytes(StandardCharsets.UTF_8)).send().get(10, TimeUnit.SECONDS);
            Mqtt5Publish publish = received.get(10, TimeUnit.SECONDS);
            assertThat(publish.getTopic().toString()).isEqualTo("e2e/hivemq/ws");
            assertThat(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("over websocket");
            overWebSocket.disconnect().get(10, TimeUnit.SECONDS);

            long stopStarted = System.nanoTime();
            broker.sigterm();

            Throwable cause = disconnected.get(10, TimeUnit.SECONDS);
            assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
            assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                    .isEqualTo(Mqtt5DisconnectReasonCode.SERVER_SHUTTING_DOWN);
            assertThat(broker.awaitExit(TIMEOUT)).as(broker.text()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - stopStarted)).isLessThan(TIMEOUT);
            assertThat(broker.find(Pattern.compile("INFO  Broker broker\\.stopped$"))).as(broker.text()).isPresent();
            assertThat(broker.find(Pattern.compile("LEAK|Exception"))).as(broker.text()).isEmpty();
        }
    }

    @Test
    void configErrorExitsWithTwoAndOneLineNamingFileLineAndKey() throws Exception {
        Path config = workDir.resolve("bad.yaml");
        java.nio.file.Files.writeString(config, "mqtt:\n  port: 1883\n  websocket_prot: 0\n");
        try (ProcessOutput broker = BrokerProcess.launch(workDir, "start", "--config", config.toString())) {
            assertThat(broker.awaitExit(TIMEOUT)).isEqualTo(Main.EXIT_USAGE);
            assertThat(broker.lines()).containsExactly(
                    config + ":3:3: unknown key 'mqtt.websocket_prot' (did you mean 'websocket_port'?)");
        }
    }

    @Test
    void portInUseExitsWithOneAndOneLogLine() throws Exception {
        try (ProcessOutput first = startBroker("--set", "mqtt.websocket_port=-1")) {
            int port = BrokerProcess.awaitPorts(first)[0];
            try (ProcessOutput second = BrokerProcess.launch(workDir, "start", "--config",
                    BrokerProcess.SHIPPED_CONFIG.toString(), "--set", "mqtt.port=" + port,
                    "--set", "mqtt.websocket_port=-1", "--set", "amqp.port=-1")) {
                assertThat(second.awaitExit(TIMEOUT)).as(second.text()).isEqualTo(Main.EXIT_FAILURE);
                assertThat(second.find(Pattern.compile(
                        "ERROR StartCommand broker\\.failed reason=\".*Address already in use\"$")))
                        .as(second.text()).isPresent();
                assertThat(second.text()).doesNotContain("\tat ");
            }
            first.sigterm();
            assertThat(first.awaitExit(TIMEOUT)).isZero();
        }
    }
}
