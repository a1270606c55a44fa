package io.switchboard.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.switchboard.broker.Broker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * MQTT 5 enhanced authentication with SCRAM-SHA-256 from the HiveMQ client (its enhanced-auth hook running our
 * test SCRAM client): success with the server's signature verified, re-authentication, the exact refusal codes,
 * the failed-login budget, and entries written before SCRAM existed.
 */
@Timeout(60)
class ScramAuthenticationTest {
    @TempDir
    Path dir;
    private Broker broker;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger scramLogger = (Logger) LoggerFactory.getLogger(ScramAuthenticator.class);

    @BeforeEach
    void captureLog() {
        log.start();
        scramLogger.addAppender(log);
    }

    @AfterEach
    void stop() {
        scramLogger.detachAppender(log);
        if (broker != null) {
            broker.close();
        }
    }

    private void start(String... sets) throws Exception {
        Path users = SecureBroker.users(dir, "alice", "wonderland", "bob", "builder");
        String[] all = new String[sets.length + 1];
        all[0] = "security.password_file=" + users;
        System.arraycopy(sets, 0, all, 1, sets.length);
        broker = SecureBroker.start(dir, all);
    }

    private Mqtt5BlockingClient client(String id, ScramMechanism mechanism) {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(broker.mqttPort()).enhancedAuth(mechanism).buildBlocking();
    }

    private Mqtt5ConnAckReasonCode connect(ScramMechanism mechanism) {
        Mqtt5BlockingClient client = client("scram-" + System.nanoTime(), mechanism);
        try {
            client.connect();
            client.disconnect();
            return Mqtt5ConnAckReasonCode.SUCCESS;
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    private List<String> failures() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("auth.failed"))
                .toList();
    }

    @Test
    void rightPasswordConnectsTheServerProvesItselfAndTheClientWorks() throws Exception {
        start();
        ScramMechanism scram = new ScramMechanism("alice", "wonderland");
        Mqtt5BlockingClient alice = client("alice-scram", scram);
        alice.connect();
        assertThat(scram.serverVerified).hasValue(1);
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = alice.publishes(
                com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            alice.subscribeWith().topicFilter("scram/t").qos(MqttQos.AT_LEAST_ONCE).send();
            alice.publishWith().topic("scram/t").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("hi".getBytes(StandardCharsets.UTF_8)).send();
            assertThat(publishes.receive(10, TimeUnit.SECONDS)).isPresent();
        }

        alice.reauth(); // [MQTT-4.12.1-1] AUTH 0x19, a new exchange, AUTH 0x00 with the server's signature
        assertThat(scram.serverVerified).hasValue(2);
        alice.publishWith().topic("scram/after-reauth").qos(MqttQos.AT_LEAST_ONCE).send();
        alice.disconnect();
        assertThat(failures()).isEmpty();
    }

    @Test
    void wrongPasswordAndUnknownUserGet0x86AndAreLoggedWithoutSecrets() throws Exception {
        start();
        assertThat(connect(new ScramMechanism("alice", "guess")))
                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(connect(new ScramMechanism("mallory", "wonderland")))
                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(failures()).hasSize(2);
        assertThat(failures().get(0)).startsWith("auth.failed protocol=mqtt method=SCRAM-SHA-256 user=alice ")
                .endsWith("reason=wrong_password").doesNotContain("guess");
        assertThat(failures().get(1)).contains("user=mallory").endsWith("reason=unknown_user");
    }

    @Test
    void unsupportedMethodGets0x8C() throws Exception {
        start();
        assertThat(connect(new ScramMechanism("SCRAM-SHA-1", "alice", "wonderland")))
                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_AUTHENTICATION_METHOD);
    }

    @Test
    void failedProofsCountInTheFailedLoginBudget() throws Exception {
        start("security.max_auth_failures_per_minute=2");
        Mqtt5ConnAckReasonCode bad = Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD;
        assertThat(connect(new ScramMechanism("bob", "x1"))).isEqualTo(bad);
        assertThat(connect(new ScramMechanism("bob", "x2"))).isEqualTo(bad);
        assertThat(connect(new ScramMechanism("bob", "builder"))).isEqualTo(Mqtt5ConnAckReasonCode.BANNED);
        assertThat(failures()).last().asString().endsWith("reason=too_many_failures");
    }

    @Test
    void anEntryFromBeforeScramLogsInWithItsPasswordNotWithScramUntilPasswdRunsAgain() throws Exception {
        Path users = dir.resolve("passwords");
        PasswordFile.empty().with("carol", PasswordHash.create("secret".toCharArray(), SecureBroker.TEST_ITERATIONS),
                null).write(users);
        broker = SecureBroker.start(dir, "security.password_file=" + users);
        assertThat(connect(new ScramMechanism("carol", "secret")))
                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(failures()).singleElement().asString().contains("user=carol")
                .contains("reason=no_scram_credential").contains("run switchboard passwd FILE carol again");
        Mqtt5BlockingClient plain = MqttClient.builder().useMqttVersion5().identifier("carol-plain")
                .serverHost("127.0.0.1").serverPort(broker.mqttPort()).buildBlocking();
        plain.connectWith().simpleAuth().username("carol").password("secret".getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send();
        plain.disconnect();

        char[] password = "secret".toCharArray();
        PasswordFile.read(users).with("carol", PasswordHash.create(password, SecureBroker.TEST_ITERATIONS),
                ScramCredential.create(password, ScramCredential.MIN_ITERATIONS)).write(users);
        broker.security().reload(); // what SIGHUP runs
        await().atMost(Duration.ofSeconds(10)).until(() ->
                connect(new ScramMechanism("carol", "secret")) == Mqtt5ConnAckReasonCode.SUCCESS);
    }
}
