package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.switchboard.router.api.OverflowPolicy;
import io.switchboard.router.api.QueueSpec;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every admin API endpoint against a live in-process broker with real MQTT clients. */
@Timeout(60)
class AdminApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private LiveBroker live;

    @BeforeEach
    void start() throws Exception {
        live = LiveBroker.start(dir);
    }

    @AfterEach
    void stop() {
        live.close();
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = live.get(path);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> delete(String path) throws Exception {
        return live.send(HttpRequest.newBuilder(live.uri(path)).DELETE(), LiveBroker.TOKEN);
    }

    private Mqtt5BlockingClient connect(String id, long expiry) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(live.mqttPort()).buildBlocking();
        client.connectWith().cleanStart(true).sessionExpiryInterval(expiry).send();
        return client;
    }

    @Test
    void everyAdminEndpointRefusesRequestsWithoutAValidTokenButHealthStaysOpen() throws Exception {
        List<String> paths = List.of("/api/broker", "/api/clients", "/api/clients/x", "/api/sessions",
                "/api/sessions/x", "/api/subscriptions", "/api/queues", "/api/queues/x", "/api/session-queues",
                "/api/retained", "/api/log-level", "/api/nothing");
        for (String path : paths) {
            for (String token : new String[] {null, "wrong-token-wrong-token"}) {
                HttpResponse<String> response = live.send(HttpRequest.newBuilder(live.uri(path)), token);
                assertThat(response.statusCode()).as(path).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
            }
        }
        String levelBefore = live.get("/api/log-level").body();
        List<String> actions = List.of("DELETE /api/clients/x", "DELETE /api/sessions/x", "DELETE /api/queues/x",
                "DELETE /api/retained?topic=x", "PUT /api/log-level", "POST /api/reload", "PUT /api/clients/x");
        for (String action : actions) {
            String[] parts = action.split(" ");
            for (String token : new String[] {null, "wrong-token-wrong-token"}) {
                HttpResponse<String> response = live.send(HttpRequest.newBuilder(live.uri(parts[1]))
                        .method(parts[0], HttpRequest.BodyPublishers.ofString("{\"level\":\"debug\"}")), token);
                assertThat(response.statusCode()).as(action).isEqualTo(401);
            }
        }
        assertThat(live.get("/api/log-level").body()).isEqualTo(levelBefore); // the refused PUT changed nothing
        assertThat(live.send(HttpRequest.newBuilder(live.uri("/health/ready")), null).statusCode()).isEqualTo(200);
        assertThat(live.send(HttpRequest.newBuilder(live.uri("/metrics")), null).statusCode()).isEqualTo(200);
    }

    @Test
    void brokerInfoNamesVersionListenersAndLiveTotals() throws Exception {
        Mqtt5BlockingClient client = connect("info-client", 0);
        JsonNode info = getJson("/api/broker");
        client.disconnect();

        assertThat(info.path("version").asText()).isNotEmpty();
        assertThat(info.path("listeners").path("mqtt").asInt()).isEqualTo(live.mqttPort());
        assertThat(info.path("listeners").path("http").asInt()).isEqualTo(live.broker.httpPort());
        assertThat(info.path("listeners").path("mqtt-ws").asInt()).isEqualTo(-1);
        assertThat(info.path("uptime_seconds").asLong()).isNotNegative();
        assertThat(info.path("stats").path("sessions_online").asInt()).isEqualTo(1);
        assertThat(info.path("stats").path("connections").asInt()).isEqualTo(1);
    }

    @Test
    void clientsAreListedPagedLookedUpAndDisconnectedWithAdministrativeAction() throws Exception {
        Mqtt5BlockingClient a = connect("client-a", 0);
        Mqtt5BlockingClient b = connect("client-b", 0);
        CompletableFuture<Throwable> cDisconnected = new CompletableFuture<>();
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier("client-c")
                .serverHost("127.0.0.1").serverPort(live.mqttPort())
                .addDisconnectedListener(context -> cDisconnected.complete(context.getCause())).buildBlocking();
        c.connect();

        JsonNode page = getJson("/api/clients?offset=1&limit=1");
        JsonNode one = getJson("/api/clients/client-c");
        HttpResponse<String> kicked = delete("/api/clients/client-c");
        Throwable cause = cDisconnected.get(10, TimeUnit.SECONDS);

        assertThat(page.path("total").asInt()).isEqualTo(3);
        assertThat(page.path("offset").asInt()).isEqualTo(1);
        assertThat(page.path("limit").asInt()).isEqualTo(1);
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("items").get(0).path("client_id").asText()).isEqualTo("client-b");
        assertThat(one.path("connected").asBoolean()).isTrue();
        assertThat(one.path("protocol").asText()).isEqualTo("mqtt");
        assertThat(kicked.statusCode()).isEqualTo(204);
        assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
        assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                .isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(live.get("/api/clients/client-c").statusCode()).isEqualTo(404));
        assertThat(delete("/api/clients/client-c").statusCode()).isEqualTo(404);
        a.disconnect();
        b.disconnect();
    }

    @Test
    void sessionsIncludeOfflineOnesAndCanBeDeleted() throws Exception {
        Mqtt5BlockingClient sleeper = connect("sleeper", 3600);
        sleeper.subscribeWith().topicFilter("s/#").qos(MqttQos.AT_LEAST_ONCE).send();
        sleeper.disconnect();
        Mqtt5BlockingClient online = connect("online", 0);
        online.publishWith().topic("s/1").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1, 2, 3}).send();

        JsonNode sessions = getJson("/api/sessions");
        JsonNode clients = getJson("/api/clients");
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(getJson("/api/sessions/sleeper").path("queued_messages").asInt()).isEqualTo(1));
        JsonNode sleeperInfo = getJson("/api/sessions/sleeper");
        JsonNode queues = getJson("/api/session-queues?limit=5");
        HttpResponse<String> deleted = delete("/api/sessions/sleeper");

        assertThat(sessions.path("total").asInt()).isEqualTo(2);
        assertThat(clients.path("total").asInt()).isEqualTo(1);
        assertThat(sleeperInfo.path("connected").asBoolean()).isFalse();
        assertThat(sleeperInfo.path("session_expiry_seconds").asLong()).isEqualTo(3600);
        assertThat(sleeperInfo.path("subscriptions").get(0).path("filter").asText()).isEqualTo("s/#");
        assertThat(sleeperInfo.path("subscriptions").get(0).path("qos").asInt()).isEqualTo(1);
        assertThat(queues.path("items").get(0).path("client_id").asText()).isEqualTo("sleeper");
        assertThat(queues.path("items").get(0).path("queued_messages").asInt()).isEqualTo(1);
        assertThat(deleted.statusCode()).isEqualTo(204);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(live.get("/api/sessions/sleeper").statusCode()).isEqualTo(404));
        assertThat(delete("/api/sessions/sleeper").statusCode()).isEqualTo(404);
        assertThat(getJson("/api/subscriptions").path("total").asInt()).isZero();
        online.disconnect();
    }

    @Test
    void subscriptionsAreListedAcrossSessions() throws Exception {
        Mqtt5BlockingClient a = connect("sub-a", 0);
        a.subscribeWith().topicFilter("a/+").qos(MqttQos.EXACTLY_ONCE).send();
        Mqtt5BlockingClient b = connect("sub-b", 0);
        b.subscribeWith().topicFilter("$share/g/b/#").qos(MqttQos.AT_MOST_ONCE).send();

        JsonNode subs = getJson("/api/subscriptions");
        JsonNode second = getJson("/api/subscriptions?offset=1&limit=10");

        assertThat(subs.path("total").asInt()).isEqualTo(2);
        assertThat(subs.path("items").get(0).path("client_id").asText()).isEqualTo("sub-a");
        assertThat(subs.path("items").get(0).path("qos").asInt()).isEqualTo(2);
        assertThat(subs.path("items").get(1).path("filter").asText()).isEqualTo("$share/g/b/#");
        assertThat(second.path("items")).hasSize(1);
        a.disconnect();
        b.disconnect();
    }

    @Test
    void retainedTopicsAreListedFilteredAndDeleted() throws Exception {
        Mqtt5BlockingClient publisher = connect("retainer", 0);
        for (String topic : List.of("status/2", "status/1", "other/x")) {
            publisher.publishWith().topic(topic).retain(true).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(topic.getBytes(StandardCharsets.UTF_8)).send();
        }
        JsonNode all = getJson("/api/retained");
        JsonNode filtered = getJson("/api/retained?filter=status/%2B&limit=1");
        HttpResponse<String> deleted = delete("/api/retained?topic=status/1");
        HttpResponse<String> again = delete("/api/retained?topic=status/1");
        HttpResponse<String> missingTopic = delete("/api/retained");
        JsonNode after = getJson("/api/retained");

        assertThat(all.path("total").asInt()).isEqualTo(3);
        assertThat(all.path("items").get(0).path("topic").asText()).isEqualTo("other/x");
        assertThat(all.path("items").get(0).path("payload_bytes").asInt()).isEqualTo(7);
        assertThat(filtered.path("total").asInt()).isEqualTo(2);
        assertThat(filtered.path("items").get(0).path("topic").asText()).isEqualTo("status/1");
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(missingTopic.statusCode()).isEqualTo(400);
        assertThat(after.path("items").findValuesAsText("topic")).containsExactly("other/x", "status/2");
        publisher.disconnect();
    }

    @Test
    void namedQueuesAreListedLookedUpAndDeleted() throws Exception {
        live.broker.router().queues().declare(new QueueSpec("orders", false, 100, 1_000_000,
                OverflowPolicy.DROP_NEW, List.of("orders/#"), null, false));
        live.broker.router().queues().declare(new QueueSpec("audit", false, 100, 1_000_000,
                OverflowPolicy.DROP_OLDEST, List.of(), null, false));
        Mqtt5BlockingClient publisher = connect("order-publisher", 0);
        publisher.publishWith().topic("orders/1").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
        publisher.disconnect();

        JsonNode page = getJson("/api/queues");
        JsonNode orders = getJson("/api/queues/orders");
        double depthMetric = live.metric("switchboard_queue_depth_messages{queue=\"orders\"}");
        double ageMetric = live.metric("switchboard_queue_oldest_age_seconds{queue=\"orders\"}");
        double emptyAgeMetric = live.metric("switchboard_queue_oldest_age_seconds{queue=\"audit\"}");
        HttpResponse<String> deleted = delete("/api/queues/orders");

        assertThat(page.path("items").findValuesAsText("name")).containsExactly("audit", "orders");
        assertThat(orders.path("depth").asInt()).isEqualTo(1);
        assertThat(orders.path("bindings").get(0).asText()).isEqualTo("orders/#");
        assertThat(orders.path("overflow_policy").asText()).isEqualTo("drop_new");
        assertThat(depthMetric).isEqualTo(1);
        assertThat(ageMetric).isGreaterThanOrEqualTo(0).isLessThan(60);
        assertThat(emptyAgeMetric).isEqualTo(0);
        assertThat(orders.path("oldest_age_ms").isIntegralNumber()).isTrue();
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(live.get("/api/queues/orders").statusCode()).isEqualTo(404);
        assertThat(delete("/api/queues/orders").statusCode()).isEqualTo(404);
        assertThat(live.metric("switchboard_queues")).isEqualTo(1);
    }

    @Test
    void logLevelIsReadAndChangedAtRunTime() throws Exception {
        String logger = "io.switchboard.admin.test";
        HttpResponse<String> changed = live.send(HttpRequest.newBuilder(live.uri("/api/log-level"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"logger\":\"" + logger + "\",\"level\":\"debug\"}")),
                LiveBroker.TOKEN);
        HttpResponse<String> bad = live.send(HttpRequest.newBuilder(live.uri("/api/log-level"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"level\":\"loud\"}")), LiveBroker.TOKEN);

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(JSON.readTree(changed.body()).path("level").asText()).isEqualTo("debug");
        assertThat(LogLevels.effective(logger)).isEqualTo("debug");
        assertThat(getJson("/api/log-level?logger=" + logger).path("level").asText()).isEqualTo("debug");
        assertThat(getJson("/api/log-level").path("logger").asText()).isEqualTo("ROOT");
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void badRequestsGetClearErrors() throws Exception {
        assertThat(live.get("/api/clients?limit=0").statusCode()).isEqualTo(400);
        assertThat(live.get("/api/clients?offset=x").statusCode()).isEqualTo(400);
        assertThat(live.get("/api/retained?filter=a/%23/b").statusCode()).isEqualTo(400);
        assertThat(live.get("/api/nothing").statusCode()).isEqualTo(404);
        assertThat(live.get("/api/clients/nobody").statusCode()).isEqualTo(404);
    }
}
