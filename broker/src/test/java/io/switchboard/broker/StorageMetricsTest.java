package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The store's meters on /metrics move with durable traffic, and a full store counts its refusals. */
@Timeout(60)
class StorageMetricsTest {
    @TempDir
    Path dir;

    private static Mqtt5BlockingClient client(LiveBroker live, String id) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(live.mqttPort()).buildBlocking();
        return c;
    }

    @Test
    void commitsJournalBytesAndRefusalsAreExported() throws Exception {
        try (LiveBroker live = LiveBroker.start(dir, "amqp.port=-1", "storage.durability=local",
                "storage.max_size=64kib")) {
            assertThat(live.metric("switchboard_storage_commit_seconds_count")).isZero();

            Mqtt5BlockingClient offline = client(live, "metrics-sub");
            offline.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
            offline.subscribeWith().topicFilter("m/#").qos(MqttQos.AT_LEAST_ONCE).send();
            offline.disconnect();

            Mqtt5BlockingClient publisher = client(live, "metrics-pub");
            publisher.connect();
            int acked = 0;
            Mqtt5PubAckException refused = null;
            while (refused == null && acked < 1_000) {
                try {
                    publisher.publishWith().topic("m/" + acked).qos(MqttQos.AT_LEAST_ONCE).payload(new byte[1024])
                            .send();
                    acked++;
                } catch (Mqtt5PubAckException e) {
                    refused = e;
                }
            }
            assertThat(refused).as("the 64 KiB store fills up").isNotNull();
            assertThat(refused.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
            assertThat(acked).isPositive();

            assertThat(live.metric("switchboard_storage_refused_total")).isGreaterThanOrEqualTo(1);
            double commits = live.metric("switchboard_storage_commit_seconds_count");
            assertThat(commits).isPositive();
            // Each scrape is a separate read, and commits go on (session state): counts only grow.
            assertThat(live.metric("switchboard_storage_commit_batch_size_count")).isGreaterThanOrEqualTo(commits);
            assertThat(live.metric("switchboard_storage_commit_batch_size_sum")).isGreaterThanOrEqualTo(acked);
            assertThat(live.metric("switchboard_storage_commit_seconds_sum")).isPositive();
            assertThat(live.metric("switchboard_storage_commit_seconds_bucket{le=\"+Inf\"}"))
                    .isGreaterThanOrEqualTo(commits);
            assertThat(live.metric("switchboard_storage_journal_written_bytes_total"))
                    .isGreaterThan(acked * 1024.0);
            assertThat(live.metric("switchboard_storage_live_bytes")).isGreaterThan(acked * 1024.0);
            // A checkpoint follows within storage's checkpoint interval (2 s) and writes pages.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(live.metric("switchboard_storage_checkpoint_seconds_count")).isPositive();
                assertThat(live.metric("switchboard_storage_checkpoint_written_bytes_total")).isPositive();
            });
            publisher.disconnect();
        }
    }
}
