package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard_deliveries_dropped_total{reason}} after known traffic of real clients, one reason at a time:
 * queue full, expired, not authorized, topic too long, rate limited, too large for the subscriber.
 */
@Timeout(60)
class DropMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String DROPPED = "switchboard_deliveries_dropped_total{reason=\"%s\"}";

    @TempDir
    Path dir;

    private static Mqtt5BlockingClient client(LiveBroker live, String id) {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(live.mqttPort()).buildBlocking();
    }

    /** A persistent session subscribed to {@code filter} at QoS 1, then offline. */
    private static Mqtt5BlockingClient sleeper(LiveBroker live, String id, String filter) {
        Mqtt5BlockingClient client = client(live, id);
        client.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        client.disconnect();
        return client;
    }

    private static Mqtt5PubAckReasonCode pubAckRefusal(Mqtt5BlockingClient client, String topic) {
        try {
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            return Mqtt5PubAckReasonCode.SUCCESS;
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    @Test
    void everyDropReasonCountsItsOwnTraffic() throws Exception {
        Path acl = dir.resolve("acl");
        Files.write(acl, List.of("deny publish secret/#", "allow both #"));
        try (LiveBroker live = LiveBroker.start(dir.resolve("data"), "sessions.max_queued_messages=5",
                "security.acl_file=" + acl, "security.allow_anonymous=true", "security.limits.max_topic_length=40",
                "security.limits.publish_messages_per_second=20", "security.limits.publish_rate_policy=disconnect")) {
            Mqtt5BlockingClient full = sleeper(live, "full", "full/#");
            Mqtt5BlockingClient expiring = sleeper(live, "expiring", "exp/#");
            Mqtt5BlockingClient tiny = client(live, "tiny");
            tiny.connectWith().restrictions().maximumPacketSize(200).applyRestrictions().send();
            tiny.subscribeWith().topicFilter("big/#").qos(MqttQos.AT_LEAST_ONCE).send();

            Mqtt5BlockingClient publisher = client(live, "publisher");
            publisher.connect();
            for (int i = 0; i < 8; i++) {
                publisher.publishWith().topic("full/" + i).qos(MqttQos.AT_LEAST_ONCE).send();
            }
            long expiresAfter = System.currentTimeMillis() + 1_000;
            publisher.publishWith().topic("exp/1").qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(1).send();
            publisher.publishWith().topic("secret/1").qos(MqttQos.AT_MOST_ONCE).send();
            assertThat(pubAckRefusal(publisher, "secret/2")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
            assertThat(pubAckRefusal(publisher, "long/" + "x".repeat(40)))
                    .isEqualTo(Mqtt5PubAckReasonCode.TOPIC_NAME_INVALID);
            publisher.publishWith().topic("big/1").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[500]).send();
            publisher.disconnect();

            assertThat(live.metric(DROPPED.formatted("queue_full"))).isEqualTo(3);
            assertThat(live.metric(DROPPED.formatted("not_authorized"))).isEqualTo(2);
            assertThat(live.metric(DROPPED.formatted("topic_too_long"))).isEqualTo(1);
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(live.metric(DROPPED.formatted("packet_too_large"))).isEqualTo(1));

            Mqtt5BlockingClient flooder = client(live, "flooder");
            flooder.connect();
            try {
                for (int i = 0; i < 1_000 && flooder.getState().isConnected(); i++) {
                    flooder.publishWith().topic("flood/" + i).qos(MqttQos.AT_LEAST_ONCE).send();
                }
            } catch (RuntimeException disconnected) {
                // DISCONNECT 0x96 message rate too high
            }
            await().atMost(WAIT).untilAsserted(() ->
                    assertThat(live.metric(DROPPED.formatted("rate_limited"))).isEqualTo(1));

            await().atMost(WAIT).until(() -> System.currentTimeMillis() > expiresAfter + 100);
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = expiring.publishes(MqttGlobalPublishFilter.ALL)) {
                expiring.connectWith().cleanStart(false).sessionExpiryInterval(300).send();
                await().atMost(WAIT).untilAsserted(() ->
                        assertThat(live.metric(DROPPED.formatted("expired"))).isEqualTo(1));
                assertThat(publishes.receive(100, TimeUnit.MILLISECONDS)).isEmpty();
            }
            expiring.disconnect();
            tiny.disconnect();
            assertThat(full.getState().isConnected()).isFalse();
        }
    }
}
