package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import io.switchboard.persistence.MapDbStore;
import io.switchboard.persistence.StoreSettings;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.Qos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard backup} in-process: a copy that opens as a store, and the refusals with their exit codes. */
@Timeout(30)
class BackupCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int backup(Path dataDir, Path target) throws Exception {
        return backup(dataDir, target, "");
    }

    private int backup(Path dataDir, Path target, String moreYaml) throws Exception {
        Path config = dir.resolve("backup.yaml");
        Files.writeString(config, "storage:\n  dir: " + dataDir + "\n  durability: local\n" + moreYaml);
        StopSignal never = broker -> {
            broker.close();
            throw new AssertionError("backup must not start a broker");
        };
        return Main.execute(new String[] {"backup", "--config", config.toString(), "--to", target.toString()},
                new Launch(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), never));
    }

    @Test
    void copiesAStoreThatOpensWithItsRetainedMessage() throws Exception {
        Path data = dir.resolve("data");
        try (MapDbStore store = MapDbStore.open(StoreSettings.defaults(data))) {
            store.retainedStore().put(Message.builder("status/door", "open".getBytes(StandardCharsets.UTF_8))
                    .qos(Qos.AT_LEAST_ONCE).retain(true).build());
            store.sync().get(10, TimeUnit.SECONDS);
        }
        Path target = dir.resolve("copy");
        assertThat(backup(data, target)).as(err.toString()).isEqualTo(Main.EXIT_OK);
        assertThat(out.toString()).startsWith("backup written to " + target.resolve("switchboard.db"));
        try (MapDbStore copy = MapDbStore.open(StoreSettings.defaults(target))) {
            assertThat(copy.retainedStore().loadAll()).singleElement()
                    .satisfies(m -> assertThat(m.topic()).isEqualTo("status/door"));
        }
        assertThat(backup(data, target)).as("never overwrites a backup").isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("already holds a switchboard.db; choose an empty directory");
    }

    @Test
    void aDirectoryWithoutAStoreIsRefused() throws Exception {
        Path empty = dir.resolve("nothing");
        assertThat(backup(empty, dir.resolve("copy"))).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err.toString()).isEqualTo("backup: no store in " + empty + " (storage.dir); nothing to back up"
                + System.lineSeparator());
        assertThat(empty).doesNotExist();
    }

    @Test
    void aStoreInUseIsRefusedNamingItsOwner() throws Exception {
        Path data = dir.resolve("busy");
        try (MapDbStore running = MapDbStore.open(StoreSettings.defaults(data))) {
            assertThat(backup(data, dir.resolve("copy"))).isEqualTo(Main.EXIT_FAILURE);
            assertThat(err.toString()).startsWith("backup: data directory")
                    .contains("in use by process " + ProcessHandle.current().pid());
        }
    }

    @Test
    @Timeout(120)
    void aRunningBrokerWritesTheCopyThroughItsAdminApiAndTheCopyRestores() throws Exception {
        Path data = dir.resolve("live");
        Path target = dir.resolve("live-copy");
        try (LiveBroker live = LiveBroker.start(data, "amqp.port=-1", "storage.durability=local")) {
            Mqtt5BlockingClient subscriber = client(live.mqttPort(), "backed-up");
            subscriber.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
            subscriber.subscribeWith().topicFilter("q/#").qos(MqttQos.AT_LEAST_ONCE).send();
            subscriber.disconnect();
            Mqtt5BlockingClient publisher = client(live.mqttPort(), "backup-pub");
            publisher.connect();
            publisher.publishWith().topic("status/door").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload("open".getBytes(StandardCharsets.UTF_8)).send();
            publisher.publishWith().topic("q/1").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("queued".getBytes(StandardCharsets.UTF_8)).send();
            publisher.disconnect();

            int code = backup(data, target, "http:\n  port: " + live.httpPort() + "\n  admin_token: "
                    + LiveBroker.TOKEN + "\n");
            assertThat(code).as(err.toString()).isEqualTo(Main.EXIT_OK);
            assertThat(out.toString()).startsWith("backup written to " + target.resolve("switchboard.db"))
                    .contains("by the running broker");
            assertThat(backup(data, target, "http:\n  port: " + live.httpPort() + "\n  admin_token: "
                    + LiveBroker.TOKEN + "\n")).as("never overwrites a backup").isEqualTo(Main.EXIT_USAGE);
            assertThat(err.toString()).contains("already holds a switchboard.db");
        }

        try (LiveBroker restored = LiveBroker.start(target, "amqp.port=-1", "storage.durability=local")) {
            Mqtt5BlockingClient subscriber = client(restored.mqttPort(), "backed-up");
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
                assertThat(subscriber.connectWith().cleanStart(false).sessionExpiryInterval(600).send()
                        .isSessionPresent()).isTrue();
                Mqtt5Publish queued = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(queued.getTopic().toString()).isEqualTo("q/1");
                assertThat(new String(queued.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("queued");
                subscriber.subscribeWith().topicFilter("status/#").qos(MqttQos.AT_LEAST_ONCE).send();
                Mqtt5Publish door = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(door.isRetain()).isTrue();
                assertThat(new String(door.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("open");
            }
            subscriber.disconnect();
        }
    }

    private static Mqtt5BlockingClient client(int port, String id) {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1").serverPort(port)
                .buildBlocking();
    }
}
