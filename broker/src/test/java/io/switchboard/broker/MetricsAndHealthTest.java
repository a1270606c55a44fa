package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** /metrics after known traffic from real clients, and the health probes of a live broker. */
@Timeout(60)
class MetricsAndHealthTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void countersReadExactlyTheTrafficOfRealClients() throws Exception {
        try (LiveBroker live = LiveBroker.start(dir, "mqtt.client_id_pattern=ok-.*")) {
            Mqtt5BlockingClient subscriber = client(live, "ok-sub");
            subscriber.subscribeWith().topicFilter("m/#").qos(MqttQos.AT_LEAST_ONCE).send();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = subscriber.publishes(
                    com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                Mqtt5BlockingClient publisher = client(live, "ok-pub");
                for (int i = 0; i < 100; i++) {
                    publisher.publishWith().topic("m/" + i).qos(MqttQos.AT_LEAST_ONCE)
                            .payload("12345".getBytes(StandardCharsets.UTF_8)).send();
                }
                for (int i = 0; i < 100; i++) {
                    assertThat(publishes.receive(10, java.util.concurrent.TimeUnit.SECONDS)).isPresent();
                }
                publisher.publishWith().topic("nobody/listens").qos(MqttQos.AT_MOST_ONCE).send();
                assertThatThrownBy(() -> client(live, "refused-id")).isInstanceOf(Mqtt5ConnAckException.class);

                HttpResponse<String> scrape = live.get("/metrics");
                assertThat(scrape.statusCode()).isEqualTo(200);
                assertThat(scrape.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
                assertThat(live.metric("switchboard_messages_received_total{protocol=\"mqtt\",qos=\"1\"}"))
                        .isEqualTo(100);
                assertThat(live.metric("switchboard_messages_received_total{protocol=\"mqtt\",qos=\"0\"}"))
                        .isEqualTo(1);
                assertThat(live.metric("switchboard_payload_received_bytes_total{protocol=\"mqtt\",qos=\"1\"}"))
                        .isEqualTo(500);
                assertThat(live.metric("switchboard_messages_sent_total{protocol=\"mqtt\",qos=\"1\"}"))
                        .isEqualTo(100);
                assertThat(live.metric("switchboard_deliveries_dropped_total{reason=\"no_route\"}")).isEqualTo(1);
                assertThat(live.metric("switchboard_connections_refused_total{listener=\"mqtt\",protocol=\"mqtt\","
                        + "reason=\"client_identifier_not_valid\"}")).isEqualTo(1);
                await().atMost(WAIT).untilAsserted(() -> assertThat(
                        live.metric("switchboard_connections{listener=\"mqtt\",protocol=\"mqtt\"}")).isEqualTo(2));
                assertThat(live.metric("switchboard_connections_opened_total{listener=\"mqtt\",protocol=\"mqtt\"}"))
                        .isEqualTo(3);
                assertThat(live.metric("switchboard_sessions{state=\"online\"}")).isEqualTo(2);
                assertThat(live.metric("switchboard_subscriptions")).isEqualTo(1);
                assertThat(scrape.body()).contains("jvm_memory_used_bytes", "jvm_buffer_memory_used_bytes");
                assertThat(live.metric("switchboard_netty_allocator_used_bytes{allocator=\"AdaptiveByteBufAllocator\","
                        + "memory_type=\"direct\"}")).isPositive();
                publisher.disconnect();
            }
            subscriber.disconnect();
        }
    }

    @Test
    void deepestQueuesAreReportedByClientId() throws Exception {
        try (LiveBroker live = LiveBroker.start(dir)) {
            Mqtt5BlockingClient offline = MqttClient.builder().useMqttVersion5().identifier("sleeper")
                    .serverHost("127.0.0.1").serverPort(live.mqttPort()).buildBlocking();
            offline.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
            offline.subscribeWith().topicFilter("q/#").qos(MqttQos.AT_LEAST_ONCE).send();
            offline.disconnect();
            Mqtt5BlockingClient publisher = client(live, "filler");
            for (int i = 0; i < 7; i++) {
                publisher.publishWith().topic("q/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(new byte[1]).send();
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    live.metric("switchboard_session_queue_depth_messages{client_id=\"sleeper\"}")).isEqualTo(7));
            assertThat(live.metric("switchboard_queued_messages")).isEqualTo(7);
            assertThat(live.metric("switchboard_sessions{state=\"offline\"}")).isEqualTo(1);
            publisher.disconnect();
        }
    }

    @Test
    void liveAndReadyWhileRunningGoneAfterClose() throws Exception {
        LiveBroker live = LiveBroker.start(dir);
        HttpResponse<String> ready = live.send(HttpRequest.newBuilder(live.uri("/health/ready")), null);
        HttpResponse<String> alive = live.send(HttpRequest.newBuilder(live.uri("/health/live")), null);
        HttpResponse<String> post = live.send(HttpRequest.newBuilder(live.uri("/health/live"))
                .POST(HttpRequest.BodyPublishers.noBody()), null);
        live.close();

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"ready\"}");
        assertThat(alive.statusCode()).isEqualTo(200);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThatThrownBy(() -> live.send(HttpRequest.newBuilder(live.uri("/health/live")), null))
                .isInstanceOf(ConnectException.class);
    }

    private static Mqtt5BlockingClient client(LiveBroker live, String id) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost("127.0.0.1").serverPort(live.mqttPort()).buildBlocking();
        client.connect();
        return client;
    }
}
