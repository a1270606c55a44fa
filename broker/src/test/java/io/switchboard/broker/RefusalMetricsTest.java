package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.switchboard.broker.security.PasswordFile;
import io.switchboard.broker.security.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refused logins and connections as metrics, after known attempts of real clients:
 * {@code switchboard_auth_failures_total{protocol,reason}} and
 * {@code switchboard_connections_refused_total{listener,protocol,reason}}.
 */
@Timeout(60)
class RefusalMetricsTest {
    private static final String REFUSED = "switchboard_connections_refused_total{listener=\"mqtt\",protocol=\"mqtt\","
            + "reason=\"%s\"}";
    private static final String AUTH_FAILED = "switchboard_auth_failures_total{protocol=\"mqtt\",reason=\"%s\"}";

    @TempDir
    Path dir;

    private static Mqtt5ConnAckReasonCode v5(LiveBroker live, String id, String user, String password) {
        var connect = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(live.mqttPort()).buildBlocking().connectWith();
        if (user != null) {
            connect.simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        }
        try {
            connect.send();
            return Mqtt5ConnAckReasonCode.SUCCESS;
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    @Test
    void eachRefusedLoginIsCountedByProtocolAndReason() throws Exception {
        Path users = dir.resolve("passwords");
        PasswordFile.empty().with("alice", PasswordHash.create("wonderland".toCharArray(),
                PasswordHash.MIN_ITERATIONS), null).write(users);
        try (LiveBroker live = LiveBroker.start(dir.resolve("data"), "security.password_file=" + users,
                "security.max_auth_failures_per_minute=3", "security.limits.flapping_max_connects=1")) {
            Mqtt5BlockingClient alice = MqttClient.builder().useMqttVersion5().identifier("flappy")
                    .serverHost("127.0.0.1").serverPort(live.mqttPort()).buildBlocking();
            alice.connectWith().simpleAuth().username("alice").password("wonderland".getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth().send();
            alice.disconnect();
            assertThat(v5(live, "flappy", "alice", "wonderland")).isEqualTo(Mqtt5ConnAckReasonCode.BANNED);

            assertThat(v5(live, "c1", "alice", "wrong")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
            try {
                MqttClient.builder().useMqttVersion3().identifier("c2").serverHost("127.0.0.1")
                        .serverPort(live.mqttPort()).buildBlocking().connectWith().simpleAuth().username("alice")
                        .password("wrong".getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
                throw new AssertionError("connected");
            } catch (Mqtt3ConnAckException e) {
                assertThat(e.getMqttMessage().getReturnCode())
                        .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
            }
            assertThat(v5(live, "c3", "mallory", "x")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
            // three failures from 127.0.0.1 within the minute: the address is refused without a password check
            assertThat(v5(live, "c4", null, null)).isEqualTo(Mqtt5ConnAckReasonCode.BANNED);

            assertThat(live.metric(AUTH_FAILED.formatted("flapping"))).isEqualTo(1);
            assertThat(live.metric(AUTH_FAILED.formatted("wrong_password"))).isEqualTo(2);
            assertThat(live.metric(AUTH_FAILED.formatted("unknown_user"))).isEqualTo(1);
            assertThat(live.metric(AUTH_FAILED.formatted("too_many_failures"))).isEqualTo(1);
            assertThat(live.metric(REFUSED.formatted("wrong_password"))).isEqualTo(2);
            assertThat(live.metric(REFUSED.formatted("too_many_failures"))).isEqualTo(1);
            assertThat(live.metric(REFUSED.formatted("flapping"))).isEqualTo(1);
        }
    }

    @Test
    void connectionsOverTheLimitAndWillsOnForbiddenTopicsAreCountedAsRefused() throws Exception {
        Path acl = dir.resolve("acl");
        java.nio.file.Files.write(acl, java.util.List.of("allow both ok/#"));
        try (LiveBroker live = LiveBroker.start(dir.resolve("data"), "security.limits.max_connections=1",
                "security.acl_file=" + acl, "security.allow_anonymous=true")) {
            try {
                MqttClient.builder().useMqttVersion5().identifier("willing").serverHost("127.0.0.1")
                        .serverPort(live.mqttPort()).buildBlocking().connectWith().willPublish().topic("secret/will")
                        .applyWillPublish().send();
                throw new AssertionError("connected");
            } catch (Mqtt5ConnAckException e) {
                assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
            }
            assertThat(live.metric(REFUSED.formatted("will_topic_not_authorized"))).isEqualTo(1);

            await().atMost(Duration.ofSeconds(10)).until(() -> live.broker.router().stats().connectedSessions() == 0
                    && live.metric("switchboard_connections{listener=\"mqtt\",protocol=\"mqtt\"}") == 0);
            Mqtt5BlockingClient first = MqttClient.builder().useMqttVersion5().identifier("first")
                    .serverHost("127.0.0.1").serverPort(live.mqttPort()).buildBlocking();
            first.connect();
            Mqtt5BlockingClient second = MqttClient.builder().useMqttVersion5().identifier("second")
                    .serverHost("127.0.0.1").serverPort(live.mqttPort()).buildBlocking();
            try {
                second.connect();
                throw new AssertionError("connected");
            } catch (RuntimeException expected) {
                // reset before any MQTT work
            }
            assertThat(live.metric(REFUSED.formatted("max_connections"))).isEqualTo(1);
            first.disconnect();
        }
    }
}
