package io.switchboard.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.switchboard.broker.Broker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** CONNECT against the password file, with the exact refusal codes of MQTT 3.1.1 and 5.0. */
@Timeout(60)
class AuthenticationTest {
    @TempDir
    Path dir;
    private Broker broker;

    @AfterEach
    void stop() {
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

    private Mqtt5BlockingClient v5(String id) {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(broker.mqttPort()).buildBlocking();
    }

    private Mqtt3BlockingClient v3(String id) {
        return MqttClient.builder().useMqttVersion3().identifier(id).serverHost("127.0.0.1")
                .serverPort(broker.mqttPort()).buildBlocking();
    }

    private Mqtt5ConnAckReasonCode v5Refusal(String user, String password) {
        var connect = v5("c-" + user).connectWith();
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

    private Mqtt3ConnAckReturnCode v3Refusal(String user, String password) {
        var connect = v3("c3-" + user).connectWith();
        if (user != null) {
            connect.simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        }
        try {
            connect.send();
            return Mqtt3ConnAckReturnCode.SUCCESS;
        } catch (Mqtt3ConnAckException e) {
            return e.getMqttMessage().getReturnCode();
        }
    }

    @Test
    void mqtt5RightPasswordConnectsWrongOneOrUnknownUserGets0x86AndAnonymous0x87() throws Exception {
        start();
        Mqtt5BlockingClient alice = v5("alice-1");
        alice.connectWith().simpleAuth().username("alice").password("wonderland".getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send();
        alice.disconnect();

        assertThat(v5Refusal("alice", "guess")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(v5Refusal("mallory", "wonderland")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(v5Refusal(null, null)).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
    }

    @Test
    void mqtt311WrongPasswordGets4AndAnonymousGets5() throws Exception {
        start();
        assertThat(v3Refusal("bob", "builder")).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
        assertThat(v3Refusal("bob", "fixer")).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(v3Refusal("nobody", "x")).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(v3Refusal(null, null)).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
    }

    @Test
    void pahoMqtt311GetsTheSameCodes() throws Exception {
        start();
        assertThat(pahoConnect("alice", "wonderland")).isZero();
        assertThat(pahoConnect("alice", "nope")).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION);
        assertThat(pahoConnect(null, null)).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
    }

    private int pahoConnect(String user, String password) throws MqttException {
        MqttClientPersistence persistence = new MemoryPersistence();
        var client = new org.eclipse.paho.client.mqttv3.MqttClient("tcp://127.0.0.1:" + broker.mqttPort(),
                "paho-" + user, persistence);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(10);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        try {
            client.connect(options);
            client.disconnect();
            return 0;
        } catch (MqttException e) {
            return e.getReasonCode();
        } finally {
            client.close();
        }
    }

    @Test
    void anonymousClientsAreAdmittedWhenExplicitlyAllowedButWrongPasswordsAreStillRefused() throws Exception {
        start("security.allow_anonymous=true");
        assertThat(v5Refusal(null, null)).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(v5Refusal("alice", "bad")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void anAddressOverItsFailureBudgetIsRefusedWithoutACheckEvenWithTheRightPassword() throws Exception {
        start("security.max_auth_failures_per_minute=3");
        for (int i = 0; i < 3; i++) {
            assertThat(v5Refusal("alice", "guess-" + i)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        }
        assertThat(v5Refusal("alice", "wonderland")).isEqualTo(Mqtt5ConnAckReasonCode.BANNED);
        assertThat(v3Refusal("alice", "wonderland")).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
    }

    @Test
    void aBadPasswordFileStopsTheStartNamingFileAndLine() throws Exception {
        Path bad = dir.resolve("bad-passwords");
        java.nio.file.Files.writeString(bad, "# users\nalice:plain-text-password\n");
        assertThatThrownBy(() -> SecureBroker.start(dir, "security.password_file=" + bad))
                .isInstanceOf(InvalidRulesException.class)
                .hasMessageStartingWith(bad + ":2: user 'alice': hash must start with $pbkdf2-sha512$");
    }
}
