package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code start} run in-process through {@link Main#execute}: the broker is wired from the shipped config,
 * serves a client while the stop signal waits, and closing it disconnects MQTT 5 clients with 0x8B.
 */
@Timeout(30)
class InProcessStartTest {
    @TempDir
    Path dir;

    @Test
    void startServesClientsUntilStoppedThenReturnsZero() {
        CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
        CompletableFuture<Mqtt5Publish> received = new CompletableFuture<>();
        StopSignal useThenStop = broker -> {
            assertThat(broker.websocketPort()).isEqualTo(-1);
            assertThat(broker.config().storage().dir()).isEqualTo(dir.resolve("data").toString());
            assertThat(dir.resolve("data")).isDirectory();
            Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier("in-process")
                    .serverHost("127.0.0.1").serverPort(broker.mqttPort())
                    .addDisconnectedListener(context -> disconnected.complete(context.getCause()))
                    .buildAsync();
            try {
                client.connect().get(10, TimeUnit.SECONDS);
                client.subscribeWith().topicFilter("in/process").qos(MqttQos.AT_LEAST_ONCE)
                        .callback(received::complete).send().get(10, TimeUnit.SECONDS);
                client.publishWith().topic("in/process").qos(MqttQos.AT_LEAST_ONCE)
                        .payload("ping".getBytes(StandardCharsets.UTF_8)).send().get(10, TimeUnit.SECONDS);
                received.get(10, TimeUnit.SECONDS);
                assertThat(broker.router().hasSession("in-process")).isTrue();
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                broker.close();
            }
        };
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"start", "--config", BrokerProcess.SHIPPED_CONFIG.toString(),
                "--set", "mqtt.port=0", "--set", "mqtt.websocket_port=-1", "--set", "amqp.port=0", "--set",
                "storage.dir=" + dir.resolve("data")},
                new Launch(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err, true), useThenStop));

        assertThat(code).as(err.toString()).isEqualTo(Main.EXIT_OK);
        assertThat(new String(received.join().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("ping");
        Throwable cause = disconnected.orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
        assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                .isEqualTo(Mqtt5DisconnectReasonCode.SERVER_SHUTTING_DOWN);
    }
}
