package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.switchboard.router.api.OverflowPolicy;
import io.switchboard.router.api.QueueSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard ctl} commands run through {@link Main#execute} against a live in-process broker. */
@Timeout(60)
class CtlCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private LiveBroker live;
    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    /** What one command printed and returned. */
    private record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    @BeforeEach
    void start() throws Exception {
        live = LiveBroker.start(dir);
    }

    @AfterEach
    void stop() {
        clients.forEach(Mqtt5BlockingClient::disconnect);
        live.close();
    }

    private Run ctl(String... args) {
        List<String> all = new ArrayList<>(List.of("ctl", "--url", "http://127.0.0.1:" + live.broker.httpPort(),
                "--token", LiveBroker.TOKEN));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new Launch(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true),
                broker -> { }));
        return new Run(code, out.toString(), err.toString());
    }

    private Mqtt5BlockingClient connect(String id, long expiry) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(live.mqttPort()).buildBlocking();
        client.connectWith().cleanStart(true).sessionExpiryInterval(expiry).send();
        return client;
    }

    @Test
    void infoPrintsATableOrJson() throws Exception {
        Run table = ctl("info");
        Run json = ctl("info", "--json");

        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).startsWith("KEY").contains("listener.mqtt", String.valueOf(live.mqttPort()),
                "sessions_online");
        assertThat(json.code()).isZero();
        assertThat(json.json().path("listeners").path("http").asInt()).isEqualTo(live.broker.httpPort());
    }

    @Test
    void clientsSessionsAndSubscriptionsAreTabulated() throws Exception {
        Mqtt5BlockingClient online = connect("cli-online", 0);
        clients.add(online);
        online.subscribeWith().topicFilter("cli/#").qos(MqttQos.AT_LEAST_ONCE).send();
        connect("cli-offline", 600).disconnect();

        Run clientsRun = ctl("clients");
        Run sessionsRun = ctl("sessions", "--limit", "1", "--offset", "1");
        Run sessionRun = ctl("session", "cli-online");
        Run subscriptionsRun = ctl("subscriptions", "--json");

        assertThat(clientsRun.code()).isZero();
        assertThat(clientsRun.out().lines().toList()).hasSize(3);
        assertThat(clientsRun.out()).startsWith("CLIENT_ID").contains("cli-online").doesNotContain("cli-offline")
                .contains("(1-1 of 1)");
        assertThat(sessionsRun.out()).contains("cli-online").contains("(2-2 of 2)");
        assertThat(sessionRun.out()).contains("client_id", "cli-online", "FILTER", "cli/#");
        assertThat(subscriptionsRun.json().path("items").get(0).path("filter").asText()).isEqualTo("cli/#");
    }

    @Test
    void kickDisconnectsAndDeleteSessionRemoves() throws Exception {
        connect("victim", 0);
        connect("stored", 600).disconnect();

        Run kicked = ctl("kick", "victim");
        Run deleted = ctl("delete-session", "stored", "--json");
        Run missing = ctl("kick", "nobody");

        assertThat(kicked.code()).as(kicked.err()).isZero();
        assertThat(kicked.out()).isEqualTo("disconnected client victim" + System.lineSeparator());
        assertThat(deleted.json().path("ok").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !live.broker.router().hasSession("stored")
                && !live.broker.router().hasSession("victim"));
        assertThat(missing.code()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(missing.err()).startsWith("switchboard ctl: client not connected: nobody (HTTP 404)");
    }

    @Test
    void queuesRetainedAndDeleteRetained() throws Exception {
        Mqtt5BlockingClient sleeper = connect("sleepy", 600);
        sleeper.subscribeWith().topicFilter("r/#").qos(MqttQos.AT_LEAST_ONCE).send();
        sleeper.disconnect();
        Mqtt5BlockingClient publisher = connect("publisher", 0);
        clients.add(publisher);
        publisher.publishWith().topic("r/one").retain(true).qos(MqttQos.AT_LEAST_ONCE)
                .payload("1".getBytes(StandardCharsets.UTF_8)).send();
        await().atMost(Duration.ofSeconds(10)).until(() -> ctl("session-queues").out().contains("sleepy"));

        Run retained = ctl("retained", "--filter", "r/+");
        Run deleted = ctl("delete-retained", "r/one");
        Run after = ctl("retained", "--json");

        assertThat(retained.out()).startsWith("TOPIC").contains("r/one", "(1-1 of 1)");
        assertThat(deleted.out()).isEqualTo("deleted retained message of r/one" + System.lineSeparator());
        assertThat(after.json().path("total").asInt()).isZero();
        assertThat(ctl("delete-retained", "r/one").code()).isEqualTo(Main.EXIT_FAILURE);
    }

    @Test
    void namedQueuesAreListedAndDeleted() throws Exception {
        live.broker.router().queues().declare(new QueueSpec("jobs", true, 50, 1_000_000, OverflowPolicy.DROP_NEW,
                List.of("jobs/#", "work/+"), "jobs-dead", false));

        Run table = ctl("queues");
        Run deleted = ctl("delete-queue", "jobs");
        Run after = ctl("queues", "--json");

        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).startsWith("NAME").contains("jobs", "jobs/#,work/+", "jobs-dead", "(1-1 of 1)");
        assertThat(deleted.out()).isEqualTo("deleted queue jobs" + System.lineSeparator());
        assertThat(after.json().path("total").asInt()).isZero();
        assertThat(ctl("delete-queue", "jobs").code()).isEqualTo(Main.EXIT_FAILURE);
    }

    @Test
    void logLevelIsShownAndSet() {
        Run set = ctl("log-level", "--logger", "io.switchboard.ctl.test", "warn");
        Run shown = ctl("log-level", "--logger", "io.switchboard.ctl.test");

        assertThat(set.code()).as(set.err()).isZero();
        assertThat(shown.out()).isEqualTo("io.switchboard.ctl.test warn" + System.lineSeparator());
        assertThat(ctl("log-level", "loud").code()).isEqualTo(Main.EXIT_FAILURE);
    }

    @Test
    void everyCommandIsRefusedWithAWrongToken() {
        List<List<String>> commands = List.of(List.of("info"), List.of("clients"), List.of("sessions"),
                List.of("session", "x"), List.of("kick", "x"), List.of("delete-session", "x"), List.of("subscriptions"),
                List.of("queues"), List.of("delete-queue", "x"), List.of("session-queues"), List.of("retained"),
                List.of("delete-retained", "x"), List.of("log-level"), List.of("log-level", "debug"),
                List.of("reload"));
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(List.of("ctl", "--url", "http://127.0.0.1:" + live.broker.httpPort(),
                    "--token", "not-the-token-at-all"));
            args.addAll(command);
            Run refused = run(args.toArray(String[]::new));
            assertThat(refused.code()).as(command.toString()).isEqualTo(Main.EXIT_FAILURE);
            assertThat(refused.err()).as(command.toString()).contains("HTTP 401");
        }
    }

    @Test
    void addressAndGeneratedTokenComeFromTheConfigLikeStart() throws Exception {
        live.close();
        live = LiveBroker.startWithGeneratedToken(dir);
        String[] common = {"--config", BrokerProcess.SHIPPED_CONFIG.toString(), "--set",
                "http.port=" + live.broker.httpPort(), "--set", "storage.dir=" + dir};

        Run fromConfig = run(concat(new String[] {"ctl", "info", "--json"}, common));
        Run wrongToken = run(concat(new String[] {"ctl", "info", "--token", "not-the-token-at-all"}, common));
        Run noToken = run("ctl", "info", "--config", BrokerProcess.SHIPPED_CONFIG.toString(), "--set",
                "storage.dir=" + dir.resolve("elsewhere"));

        assertThat(fromConfig.code()).as(fromConfig.err()).isZero();
        assertThat(fromConfig.json().path("listeners").path("mqtt").asInt()).isEqualTo(live.mqttPort());
        assertThat(wrongToken.code()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(wrongToken.err()).contains("HTTP 401");
        assertThat(noToken.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(noToken.err()).contains("admin.token");
    }

    private static String[] concat(String[] a, String[] b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }
}
