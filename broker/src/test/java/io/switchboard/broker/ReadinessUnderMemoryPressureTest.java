package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * /health/ready answers 503 with the reason while a slow subscriber holds the global memory budget
 * ({@code security.limits.memory_budget_bytes}) full, and 200 again once its queue is gone.
 */
@Timeout(60)
class ReadinessUnderMemoryPressureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BUDGET = 64 * 1024;
    private static final byte[] PAYLOAD = new byte[1024];

    @TempDir
    Path dir;

    private static HttpResponse<String> ready(LiveBroker live) throws Exception {
        return live.send(HttpRequest.newBuilder(live.uri("/health/ready")), null);
    }

    @Test
    void notReadyWhileTheMemoryBudgetIsExceeded() throws Exception {
        try (LiveBroker live = LiveBroker.start(dir, "security.limits.memory_budget_bytes=" + BUDGET)) {
            assertThat(ready(live).statusCode()).isEqualTo(200);
            // connected, but acknowledges nothing: with receive maximum 1 everything after the first message queues
            Mqtt5AsyncClient slow = MqttClient.builder().useMqttVersion5().identifier("slow").serverHost("127.0.0.1")
                    .serverPort(live.mqttPort()).buildAsync();
            slow.publishes(MqttGlobalPublishFilter.ALL, publish -> { }, true);
            slow.connectWith().restrictions().receiveMaximum(1).applyRestrictions().send().get(10, TimeUnit.SECONDS);
            slow.subscribeWith().topicFilter("fill/#").qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);

            Mqtt5BlockingClient publisher = MqttClient.builder().useMqttVersion5().identifier("filler")
                    .serverHost("127.0.0.1").serverPort(live.mqttPort()).buildBlocking();
            publisher.connect();
            Mqtt5AsyncClient async = publisher.toAsync();
            for (int i = 0; i < 2 * BUDGET / PAYLOAD.length; i++) {
                async.publishWith().topic("fill/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(PAYLOAD).send();
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> ready(live).statusCode() == 503);
            JsonNode body = JSON.readTree(ready(live).body());
            assertThat(body.path("status").asText()).isEqualTo("overloaded");
            assertThat(body.path("reason").asText()).startsWith("memory budget exceeded: ")
                    .contains("limit " + BUDGET + " bytes");
            assertThat(live.send(HttpRequest.newBuilder(live.uri("/health/live")), null).statusCode())
                    .isEqualTo(200);
            assertThat(live.metric("switchboard_memory_budget_bytes")).isEqualTo(BUDGET);
            assertThat(live.metric("switchboard_queued_bytes")).isGreaterThan(BUDGET * 9 / 10);
            assertThat(live.metric("switchboard_memory_budget_exceeded")).isEqualTo(1);

            // the slow subscriber goes away with its (clean) session: the queue is freed, readiness returns
            assertThat(live.send(HttpRequest.newBuilder(live.uri("/api/clients/slow")).DELETE(), LiveBroker.TOKEN)
                    .statusCode()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(20)).until(() -> ready(live).statusCode() == 200);
            assertThat(JSON.readTree(ready(live).body()).path("status").asText()).isEqualTo("ready");
            assertThat(live.metric("switchboard_memory_budget_exceeded")).isZero();
            publisher.disconnect();
        }
    }
}
