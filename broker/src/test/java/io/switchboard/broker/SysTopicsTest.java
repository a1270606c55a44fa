package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** $SYS topics with Mosquitto's names, observed by a real subscriber while the values change. */
@Timeout(60)
class SysTopicsTest {
    @TempDir
    Path dir;

    @Test
    void subscriberSeesVersionUptimeClientsAndMessageCounts() throws Exception {
        try (LiveBroker live = LiveBroker.start(dir, "sys.interval_seconds=1")) {
            BlockingQueue<Mqtt5Publish> received = new LinkedBlockingQueue<>();
            Mqtt5AsyncClient watcher = MqttClient.builder().useMqttVersion5().identifier("sys-watcher")
                    .serverHost("127.0.0.1").serverPort(live.mqttPort()).buildAsync();
            watcher.connect().get(10, TimeUnit.SECONDS);
            watcher.subscribeWith().topicFilter("$SYS/#").qos(MqttQos.AT_MOST_ONCE).callback(received::add).send()
                    .get(10, TimeUnit.SECONDS);
            Mqtt5BlockingClient publisher = MqttClient.builder().useMqttVersion5().identifier("sys-publisher")
                    .serverHost("127.0.0.1").serverPort(live.mqttPort()).buildBlocking();
            publisher.connect();
            for (int i = 0; i < 3; i++) {
                publisher.publishWith().topic("data/" + i).qos(MqttQos.AT_LEAST_ONCE).payload(new byte[4]).send();
            }

            Map<String, String> latest = new ConcurrentHashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!("2".equals(latest.get("$SYS/broker/clients/connected"))
                    && "3".equals(latest.get("$SYS/broker/messages/received"))
                    && "12".equals(latest.get("$SYS/broker/bytes/received"))
                    && "1".equals(latest.get("$SYS/broker/subscriptions/count"))
                    && latest.containsKey("$SYS/broker/uptime"))) {
                Mqtt5Publish publish = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(publish).as("$SYS values so far: %s", latest).isNotNull();
                latest.put(publish.getTopic().toString(),
                        new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8));
            }

            assertThat(latest.get("$SYS/broker/version")).startsWith("switchboard ");
            assertThat(latest.get("$SYS/broker/uptime")).matches("\\d+ seconds");
            assertThat(latest).containsKeys("$SYS/broker/subscriptions/count", "$SYS/broker/messages/sent",
                    "$SYS/broker/retained messages/count", "$SYS/broker/clients/total");
            publisher.disconnect();
            watcher.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLeadingWildcardDoesNotMatchSysTopics() throws Exception {
        try (LiveBroker live = LiveBroker.start(dir, "sys.interval_seconds=1")) {
            Mqtt5BlockingClient everything = MqttClient.builder().useMqttVersion5().identifier("hash-watcher")
                    .serverHost("127.0.0.1").serverPort(live.mqttPort()).buildBlocking();
            everything.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = everything.publishes(
                    com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                everything.subscribeWith().topicFilter("#").qos(MqttQos.AT_MOST_ONCE).send();
                everything.publishWith().topic("marker").qos(MqttQos.AT_LEAST_ONCE).send();
                // Retained $SYS values exist from the start: had "#" matched them, they would arrive before the
                // marker [MQTT-4.7.2-1].
                Mqtt5Publish first = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(first.getTopic().toString()).isEqualTo("marker");
            }
            everything.disconnect();
        }
    }

    @Test
    void withAnAclOnlyClientsARuleAllowsMayReadSysAndHashNeverMatchesIt() throws Exception {
        Path acl = dir.resolve("acl");
        Files.write(acl, List.of("allow subscribe $SYS/# client=ops-*", "allow both #"));
        try (LiveBroker live = LiveBroker.start(dir.resolve("data"), "sys.interval_seconds=1",
                "security.acl_file=" + acl, "security.allow_anonymous=true")) {
            Mqtt5BlockingClient device = MqttClient.builder().useMqttVersion5().identifier("device-1")
                    .serverHost("127.0.0.1").serverPort(live.mqttPort()).buildBlocking();
            device.connect();
            for (String filter : List.of("$SYS/#", "$SYS/broker/uptime")) {
                try {
                    device.subscribeWith().topicFilter(filter).send();
                    throw new AssertionError("granted " + filter);
                } catch (Mqtt5SubAckException e) {
                    assertThat(e.getMqttMessage().getReasonCodes()).as(filter)
                            .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
                }
            }
            Mqtt3BlockingClient legacy = MqttClient.builder().useMqttVersion3().identifier("device-2")
                    .serverHost("127.0.0.1").serverPort(live.mqttPort()).buildBlocking();
            legacy.connect();
            try {
                legacy.subscribeWith().topicFilter("$SYS/#").send();
                throw new AssertionError("granted");
            } catch (Mqtt3SubAckException e) {
                assertThat(e.getMqttMessage().getReturnCodes()).containsExactly(Mqtt3SubAckReturnCode.FAILURE);
            }
            legacy.disconnect();

            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = device.publishes(
                    com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                // granted by "allow both #", which does not cover $SYS; neither filter matches $SYS topics
                device.subscribeWith().topicFilter("#").send();
                device.subscribeWith().topicFilter("+/broker/uptime").send();
                device.publishWith().topic("marker").qos(MqttQos.AT_LEAST_ONCE).send();
                assertThat(publishes.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString())
                        .isEqualTo("marker");
            }

            Mqtt5BlockingClient ops = MqttClient.builder().useMqttVersion5().identifier("ops-console")
                    .serverHost("127.0.0.1").serverPort(live.mqttPort()).buildBlocking();
            ops.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = ops.publishes(
                    com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                ops.subscribeWith().topicFilter("$SYS/#").send();
                assertThat(publishes.receive(10, TimeUnit.SECONDS).orElseThrow().getTopic().toString())
                        .startsWith("$SYS/broker/");
            }
            ops.disconnect();
            device.disconnect();
        }
    }
}
