package io.switchboard.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.switchboard.broker.Broker;
import io.switchboard.broker.config.LimitsConfig;
import io.switchboard.broker.config.SecurityConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Per-client limits seen by a real client: publish rate, subscriptions, topic size, and their reload. */
@Timeout(120)
class ClientLimitsTest {
    @TempDir
    Path dir;
    private Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private Mqtt5BlockingClient client(String id) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(broker.mqttPort()).buildBlocking();
        client.connect();
        return client;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void overThePublishRateTheDisconnectPolicySendsDisconnect0x96() throws Exception {
        broker = SecureBroker.start(dir, "security.limits.publish_messages_per_second=10",
                "security.limits.publish_rate_policy=disconnect");
        CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
        Mqtt5AsyncClient flooder = MqttClient.builder().useMqttVersion5().identifier("flooder")
                .serverHost("127.0.0.1").serverPort(broker.mqttPort())
                .addDisconnectedListener(context -> disconnected.complete(context.getCause())).buildAsync();
        flooder.connect().get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 100; i++) {
            flooder.publishWith().topic("flood").qos(MqttQos.AT_MOST_ONCE).payload(bytes("x")).send();
        }
        Throwable cause = disconnected.get(10, TimeUnit.SECONDS);
        assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
        assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                .isEqualTo(Mqtt5DisconnectReasonCode.MESSAGE_RATE_TOO_HIGH);
    }

    @Test
    void overThePublishRateTheThrottlePolicySlowsTheClientDownAndLosesNothing() throws Exception {
        broker = SecureBroker.start(dir, "security.limits.publish_messages_per_second=20");
        Mqtt5BlockingClient subscriber = client("sub");
        subscriber.subscribeWith().topicFilter("rate").qos(MqttQos.AT_LEAST_ONCE).send();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            Mqtt5AsyncClient publisher = MqttClient.builder().useMqttVersion5().identifier("pub")
                    .serverHost("127.0.0.1").serverPort(broker.mqttPort()).buildAsync();
            publisher.connect().get(10, TimeUnit.SECONDS);
            long started = System.nanoTime();
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                acks.add(publisher.publishWith().topic("rate").qos(MqttQos.AT_LEAST_ONCE).payload(bytes("m" + i))
                        .send());
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            // 20 at once (the burst), then 40 at 20 per second: about 2 seconds
            assertThat(seconds).isGreaterThan(1.5);
            for (int i = 0; i < 60; i++) {
                assertThat(received.receive(10, TimeUnit.SECONDS)).isPresent();
            }
            publisher.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void subscriptionsPerClientAndTopicLevelsAreLimited() throws Exception {
        broker = SecureBroker.start(dir, "security.limits.max_subscriptions_per_client=2",
                "security.limits.max_topic_levels=3");
        Mqtt5BlockingClient client = client("limited");
        client.subscribeWith().topicFilter("a/1").send();
        client.subscribeWith().topicFilter("a/2").send();
        client.subscribeWith().topicFilter("a/2").qos(MqttQos.AT_MOST_ONCE).send(); // a replacement is fine
        assertThat(subackError(client, "a/3")).isEqualTo(Mqtt5SubAckReasonCode.QUOTA_EXCEEDED);
        client.unsubscribeWith().topicFilter("a/1").send();
        assertThat(subackError(client, "a/b/c/d")).isEqualTo(Mqtt5SubAckReasonCode.TOPIC_FILTER_INVALID);
        try {
            client.publishWith().topic("a/b/c/d").qos(MqttQos.AT_LEAST_ONCE).send();
            throw new AssertionError("publish accepted");
        } catch (Mqtt5PubAckException e) {
            assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.TOPIC_NAME_INVALID);
        }
        client.publishWith().topic("a/b/c").qos(MqttQos.AT_LEAST_ONCE).send();
    }

    private static Mqtt5SubAckReasonCode subackError(Mqtt5BlockingClient client, String filter) {
        try {
            client.subscribeWith().topicFilter(filter).send();
            return Mqtt5SubAckReasonCode.GRANTED_QOS_2;
        } catch (Mqtt5SubAckException e) {
            return e.getMqttMessage().getReasonCodes().get(0);
        }
    }

    @Test
    void reloadedLimitsApplyToConnectedClients() throws Exception {
        broker = SecureBroker.start(dir);
        Mqtt5BlockingClient client = client("reloaded");
        client.subscribeWith().topicFilter("r/1").send();
        client.subscribeWith().topicFilter("r/2").send();
        LimitsConfig tighter = new LimitsConfig(0, 0, 0, 0, LimitsConfig.PublishRatePolicy.THROTTLE, 2, 0, 0, 0, 60,
                300, 0, Map.of(), Map.of());
        SecurityConfig base = broker.config().security();
        broker.security().reloadConfigFrom(() -> new SecurityConfig(base.allowAnonymous(), base.passwordFile(),
                base.aclFile(), base.maxAuthFailuresPerMinute(), base.tls(), tighter));
        broker.security().reload();
        assertThat(subackError(client, "r/3")).isEqualTo(Mqtt5SubAckReasonCode.QUOTA_EXCEEDED);
        assertThat(client.getState().isConnected()).isTrue();
    }
}
