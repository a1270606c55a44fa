package io.switchboard.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.switchboard.broker.Broker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ACL enforced on real MQTT 3.1.1 and 5.0 clients: subscribe, publish, retained and live deliveries. */
@Timeout(60)
class AuthorizationTest {
    @TempDir
    Path dir;
    private Broker broker;

    @BeforeEach
    void start() throws Exception {
        Path users = SecureBroker.users(dir, "alice", "a-pw", "admin", "admin-pw");
        Path acl = SecureBroker.acl(dir,
                "# alice: her own subtree; everyone reads public/, nobody reads the secret",
                "allow both users/%u/#",
                "deny  subscribe public/secret",
                "allow subscribe public/#",
                "allow both # user=admin");
        broker = SecureBroker.start(dir, "security.password_file=" + users, "security.acl_file=" + acl);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private Mqtt5BlockingClient v5(String id, String user, String password) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(broker.mqttPort()).buildBlocking();
        client.connectWith().simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send();
        return client;
    }

    private Mqtt3BlockingClient v3(String id, String user, String password) {
        Mqtt3BlockingClient client = MqttClient.builder().useMqttVersion3().identifier(id).serverHost("127.0.0.1")
                .serverPort(broker.mqttPort()).buildBlocking();
        client.connectWith().simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send();
        return client;
    }

    private static void publish(Mqtt5BlockingClient client, String topic, String payload, boolean retain) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    @Test
    void deniedSubscriptionsGetSuback0x87InMqtt5And0x80In311() {
        Mqtt5BlockingClient alice = v5("alice-5", "alice", "a-pw");
        assertThat(alice.subscribeWith().topicFilter("users/alice/#").send().getReasonCodes())
                .containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_2);
        try {
            alice.subscribeWith().topicFilter("users/bob/#").send();
            throw new AssertionError("subscription granted");
        } catch (Mqtt5SubAckException e) {
            assertThat(e.getMqttMessage().getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        }
        Mqtt3BlockingClient alice3 = v3("alice-3", "alice", "a-pw");
        try {
            alice3.subscribeWith().topicFilter("#").send();
            throw new AssertionError("subscription granted");
        } catch (Mqtt3SubAckException e) {
            assertThat(e.getMqttMessage().getReturnCodes()).containsExactly(Mqtt3SubAckReturnCode.FAILURE);
        }
        assertThat(alice3.subscribeWith().topicFilter("$share/g/public/#").send().getReturnCodes())
                .containsExactly(Mqtt3SubAckReturnCode.SUCCESS_MAXIMUM_QOS_2);
    }

    @Test
    void deniedQos1And2PublishesGetReasonCode0x87InMqtt5AndAreNotRouted() throws Exception {
        Mqtt5BlockingClient admin = v5("admin", "admin", "admin-pw");
        admin.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = admin.publishes(MqttGlobalPublishFilter.ALL)) {
            Mqtt5BlockingClient alice = v5("alice", "alice", "a-pw");
            try {
                alice.publishWith().topic("users/bob/x").qos(MqttQos.AT_LEAST_ONCE).send();
                throw new AssertionError("publish accepted");
            } catch (Mqtt5PubAckException e) {
                assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            }
            try {
                alice.publishWith().topic("users/bob/y").qos(MqttQos.EXACTLY_ONCE).send();
                throw new AssertionError("publish accepted");
            } catch (Mqtt5PubRecException e) {
                assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubRecReasonCode.NOT_AUTHORIZED);
            }
            alice.publishWith().topic("users/bob/z").qos(MqttQos.AT_MOST_ONCE).send();
            alice.publishWith().topic("users/alice/ok").qos(MqttQos.AT_LEAST_ONCE).send();
            Optional<Mqtt5Publish> first = received.receive(10, TimeUnit.SECONDS);
            assertThat(first).isPresent();
            assertThat(first.get().getTopic().toString()).isEqualTo("users/alice/ok");
        }
    }

    @Test
    void deniedMqtt311PublishesAreAcknowledgedAndDropped() throws Exception {
        Mqtt5BlockingClient admin = v5("admin", "admin", "admin-pw");
        admin.subscribeWith().topicFilter("users/#").qos(MqttQos.AT_LEAST_ONCE).send();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = admin.publishes(MqttGlobalPublishFilter.ALL)) {
            Mqtt3BlockingClient alice = v3("alice-3", "alice", "a-pw");
            alice.publishWith().topic("users/bob/x").qos(MqttQos.AT_LEAST_ONCE).send(); // PUBACK, no error
            alice.publishWith().topic("users/bob/y").qos(MqttQos.EXACTLY_ONCE).send(); // PUBREC/PUBCOMP
            alice.publishWith().topic("users/alice/ok").qos(MqttQos.AT_LEAST_ONCE).send();
            assertThat(received.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString())
                    .isEqualTo("users/alice/ok");
            assertThat(alice.getState().isConnected()).isTrue();
        }
    }

    @Test
    void retainedAndLiveMessagesAreFilteredByTheSubscribersReadRights() throws Exception {
        Mqtt5BlockingClient admin = v5("admin", "admin", "admin-pw");
        publish(admin, "public/news", "n", true);
        publish(admin, "public/secret", "s", true);
        publish(admin, "public/weather", "w", true);

        Mqtt5BlockingClient alice = v5("alice", "alice", "a-pw");
        try (Mqtt5BlockingClient.Mqtt5Publishes received = alice.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(alice.subscribeWith().topicFilter("public/#").send().getReasonCodes())
                    .containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_2);
            publish(admin, "public/secret", "live-secret", false);
            publish(admin, "public/end", "e", false);
            List<String> topics = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                topics.add(received.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString());
            }
            assertThat(topics.subList(0, 2)).containsExactlyInAnyOrder("public/news", "public/weather");
            assertThat(topics.get(2)).isEqualTo("public/end");
        }
    }
}
