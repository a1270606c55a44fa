package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/reload} and {@code switchboard ctl reload} do what SIGHUP does: an ACL changed on disk applies
 * to a connected client at once, on the same connection; a bad file is refused with its file and line and the
 * rules in force stay.
 */
@Timeout(60)
class AdminReloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path acl;
    private LiveBroker live;
    private Mqtt5BlockingClient client;

    @BeforeEach
    void start() throws Exception {
        acl = dir.resolve("acl");
        Files.write(acl, List.of("allow both a/#"));
        live = LiveBroker.start(dir.resolve("data"), "security.acl_file=" + acl,
                "security.allow_anonymous=true");
        client = MqttClient.builder().useMqttVersion5().identifier("reloaded").serverHost("127.0.0.1")
                .serverPort(live.mqttPort()).buildBlocking();
        client.connect();
    }

    @AfterEach
    void stop() {
        if (client.getState().isConnected()) {
            client.disconnect();
        }
        live.close();
    }

    private HttpResponse<String> postReload() throws Exception {
        return live.send(HttpRequest.newBuilder(live.uri("/api/reload"))
                .POST(HttpRequest.BodyPublishers.noBody()), LiveBroker.TOKEN);
    }

    private boolean subscribeRefused(String filter) {
        try {
            client.subscribeWith().topicFilter(filter).send();
            return false;
        } catch (Mqtt5SubAckException e) {
            assertThat(e.getMqttMessage().getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
            return true;
        }
    }

    @Test
    void apiReloadAppliesANewAclToAConnectedClientAndRefusesABadOne() throws Exception {
        assertThat(subscribeRefused("b/x")).isTrue();

        Files.write(acl, List.of("allow both a/#", "allow both b/#", "# a comment"));
        HttpResponse<String> ok = postReload();
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(ok.body());
        assertThat(body.path("reloaded").asBoolean()).isTrue();
        assertThat(body.path("acl_file").asText()).isEqualTo(acl.toString());
        assertThat(body.path("acl_rules").asInt()).isEqualTo(2);
        assertThat(body.path("tls").asText()).isEqualTo("off");
        assertThat(subscribeRefused("b/x")).isFalse(); // same connection, new rights

        Files.write(acl, List.of("allow both a/#", "permit both c/#"));
        HttpResponse<String> bad = postReload();
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(bad.body()).path("error").asText())
                .contains(acl + ":2: expected allow or deny").contains("previous rules stay in force");
        assertThat(subscribeRefused("b/y")).isFalse(); // the previous ACL is still in force
        assertThat(subscribeRefused("c/y")).isTrue();
        assertThat(client.getState().isConnected()).isTrue();

        assertThat(live.send(HttpRequest.newBuilder(live.uri("/api/reload")).GET(), LiveBroker.TOKEN).statusCode())
                .isEqualTo(404);
    }

    /** What one ctl command printed and returned. */
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new Launch(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true),
                broker -> { }));
        return new Run(code, out.toString(), err.toString());
    }

    private Run ctl(String token, String... args) {
        List<String> all = new ArrayList<>(List.of("ctl", "--url", "http://127.0.0.1:" + live.broker.httpPort(),
                "--token", token));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    @Test
    void ctlReloadPrintsWhatIsInForceOrTheErrorWithExitCode1() throws Exception {
        Files.write(acl, List.of("allow both a/#", "deny both a/secret", "allow subscribe b/#"));
        Run table = ctl(LiveBroker.TOKEN, "reload");
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).containsPattern("acl_rules +3").contains(acl.toString());
        assertThat(subscribeRefused("b/x")).isFalse();

        Run json = ctl(LiveBroker.TOKEN, "reload", "--json");
        assertThat(json.code()).isZero();
        assertThat(JSON.readTree(json.out()).path("acl_rules").asInt()).isEqualTo(3);

        Files.write(acl, List.of("allow both"));
        Run refused = ctl(LiveBroker.TOKEN, "reload");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains(acl + ":1: expected: allow|deny").contains("(HTTP 422)");
        assertThat(subscribeRefused("b/z")).isFalse();
        assertThat(client.getState().isConnected()).isTrue();

        Run unauthorized = ctl("wrong-token-wrong-token", "reload");
        assertThat(unauthorized.code()).isEqualTo(1);
        assertThat(unauthorized.err()).contains("HTTP 401");
    }
}
