package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.switchboard.broker.security.PasswordFile;
import io.switchboard.broker.security.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP sent to a real broker process reloads the password file and the ACL without dropping connections; a
 * bad file is refused with its file and line and the previous rules stay.
 */
@Timeout(120)
class SecurityReloadTest {
    @TempDir
    Path dir;

    @Test
    void sighupReloadsUsersAndAclKeepsConnectionsAndRefusesBadFiles() throws Exception {
        Path users = dir.resolve("passwords");
        Path acl = dir.resolve("acl");
        PasswordFile.empty().with("alice", PasswordHash.create("one".toCharArray(), 1_000), null).write(users);
        Files.write(acl, List.of("allow both a/#"));
        try (ProcessOutput broker = BrokerProcess.launch(dir, "start", "--config",
                BrokerProcess.SHIPPED_CONFIG.toString(), "--set", "mqtt.port=0", "--set", "mqtt.websocket_port=-1",
                "--set", "storage.dir=" + dir.resolve("data"), "--set", "security.password_file=" + users,
                "--set", "security.acl_file=" + acl)) {
            int port = BrokerProcess.awaitPorts(broker)[0];
            Mqtt5BlockingClient alice = client(port, "alice-1");
            alice.connectWith().simpleAuth().username("alice").password(bytes("one")).applySimpleAuth().send();
            alice.subscribeWith().topicFilter("a/x").send();
            assertThat(subscribeRefused(alice, "b/x")).isTrue();

            PasswordFile.read(users).with("bob", PasswordHash.create("two".toCharArray(), 1_000), null).write(users);
            Files.write(acl, List.of("allow both a/#", "allow both b/#"));
            broker.signal("HUP");
            broker.awaitLine(Pattern.compile("security\\.reloaded"), Duration.ofSeconds(20));

            assertThat(subscribeRefused(alice, "b/x")).isFalse(); // same connection, new rules
            Mqtt5BlockingClient bob = client(port, "bob-1");
            bob.connectWith().simpleAuth().username("bob").password(bytes("two")).applySimpleAuth().send();
            bob.disconnect();

            Files.write(acl, List.of("allow both a/#", "permit both c/#"));
            broker.signal("HUP");
            broker.awaitLine(Pattern.compile("security\\.reload_failed reason=\"" + Pattern.quote(acl.toString())
                    + ":2: expected allow or deny"), Duration.ofSeconds(20));
            assertThat(subscribeRefused(alice, "b/y")).isFalse(); // the previous ACL stays in force
            assertThat(alice.getState().isConnected()).isTrue();

            Mqtt5BlockingClient mallory = client(port, "m-1");
            try {
                mallory.connectWith().simpleAuth().username("mallory").password(bytes("x")).applySimpleAuth().send();
                throw new AssertionError("connected");
            } catch (Mqtt5ConnAckException e) {
                assertThat(e.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
            }
            alice.disconnect();
        }
    }

    private static Mqtt5BlockingClient client(int port, String id) {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1").serverPort(port)
                .buildBlocking();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean subscribeRefused(Mqtt5BlockingClient client, String filter) {
        try {
            client.subscribeWith().topicFilter(filter).send();
            return false;
        } catch (Mqtt5SubAckException e) {
            return true;
        }
    }
}
