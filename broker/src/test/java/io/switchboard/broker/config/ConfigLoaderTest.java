package io.switchboard.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import static org.assertj.core.api.Assertions.tuple;

import io.switchboard.persistence.RecoveryPolicy;
import io.switchboard.persistence.StoreSettings;
import io.switchboard.router.DurabilityPolicy;
import io.switchboard.router.api.Durability;
import io.switchboard.router.api.OverflowPolicy;
import io.switchboard.router.api.QueueSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class ConfigLoaderTest {
    static final Path SHIPPED = Path.of(System.getProperty("switchboard.home", ".."), "conf", "switchboard.yaml");

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("test.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private BrokerConfig load(String yaml, String... sets) throws Exception {
        return ConfigLoader.load(write(yaml), Map.of(), List.of(sets));
    }

    private String error(String yaml, String... sets) throws IOException {
        Path file = write(yaml);
        return errorOf(file, Map.of(), sets);
    }

    private static String errorOf(Path file, Map<String, String> env, String... sets) {
        try {
            ConfigLoader.load(file, env, List.of(sets));
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ConfigException");
    }

    private String name() {
        return dir.resolve("test.yaml").toString();
    }

    @Test
    void shippedFileLoadsAsTheDefaults() throws Exception {
        assertThat(ConfigLoader.load(SHIPPED, Map.of(), List.of())).isEqualTo(BrokerConfig.DEFAULTS);
    }

    @Test
    void shippedFileListsEveryKey() throws Exception {
        JsonNode shipped = YamlFile.read(SHIPPED).tree();
        assertThat(leafPaths(shipped, "")).containsExactlyInAnyOrderElementsOf(
                leafPaths(ConfigBinder.defaultsTree(), ""));
    }

    private static List<String> leafPaths(JsonNode node, String prefix) {
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String path = KeyPaths.child(prefix, field.getKey());
            if (field.getValue().isObject()) {
                paths.addAll(leafPaths(field.getValue(), path));
            } else {
                paths.add(path);
            }
        }
        return paths;
    }

    @Test
    void emptyFileAndEmptySectionsMeanDefaults() throws Exception {
        assertThat(load("")).isEqualTo(BrokerConfig.DEFAULTS);
        assertThat(load("# nothing but a comment\n")).isEqualTo(BrokerConfig.DEFAULTS);
        assertThat(load("mqtt:\nsessions:\n")).isEqualTo(BrokerConfig.DEFAULTS);
    }

    @Test
    void bindsEveryKindOfValue() throws Exception {
        BrokerConfig config = load("""
                mqtt:
                  port: 1884
                  websocket_port: -1
                  client_id_pattern: "[a-z]+"
                  max_session_expiry_seconds: 4294967295
                sessions:
                  overflow_policy: drop_new
                  queue_qos0_offline: true
                  max_queued_bytes: 1000
                logging:
                  level: debug
                """);
        assertThat(config.mqtt().port()).isEqualTo(1884);
        assertThat(config.mqtt().websocketPort()).isEqualTo(-1);
        assertThat(config.mqtt().clientIdPattern()).isEqualTo("[a-z]+");
        assertThat(config.mqtt().host()).isEqualTo("127.0.0.1");
        assertThat(config.sessions().overflowPolicy()).isEqualTo(OverflowPolicy.DROP_NEW);
        assertThat(config.sessions().queueQos0Offline()).isTrue();
        assertThat(config.sessions().maxQueuedBytes()).isEqualTo(1000L);
        assertThat(config.sessions().maxQueuedMessages()).isEqualTo(10_000);
        assertThat(config.logging().level()).isEqualTo(LogLevel.DEBUG);
        assertThat(config.mqtt().toMqttSettings().port()).isEqualTo(1884);
        assertThat(config.sessions().toRouterSettings().overflowPolicy()).isEqualTo(OverflowPolicy.DROP_NEW);
    }

    @Test
    void unknownKeyNamesFileLineColumnAndSuggestsTheClosestKey() throws IOException {
        String yaml = """
                mqtt:
                  host: 127.0.0.1
                  prot: 1884
                """;
        assertThat(error(yaml)).isEqualTo(name() + ":3:3: unknown key 'mqtt.prot' (did you mean 'port'?)");
    }

    @Test
    void unknownSectionWithoutCloseMatchHasNoSuggestion() throws IOException {
        assertThat(error("zookeeper:\n  hosts: 3\n")).isEqualTo(name() + ":1:1: unknown key 'zookeeper'");
        assertThat(error("sesions:\n  x: 1\n")).isEqualTo(name() + ":1:1: unknown key 'sesions' (did you mean 'sessions'?)");
    }

    @Test
    void wrongTypeNamesTheValuePosition() throws IOException {
        assertThat(error("mqtt:\n  port: abc\n"))
                .isEqualTo(name() + ":2:9: invalid value for 'mqtt.port': expected an integer, got 'abc'");
        assertThat(error("mqtt:\n  port: 1.5\n"))
                .isEqualTo(name() + ":2:9: invalid value for 'mqtt.port': expected an integer, got 1.5");
        assertThat(error("mqtt:\n  allow_empty_client_id: maybe\n"))
                .isEqualTo(name() + ":2:26: invalid value for 'mqtt.allow_empty_client_id': expected true or false,"
                        + " got 'maybe'");
        assertThat(error("mqtt:\n  port:\n"))
                .startsWith(name() + ":2:").contains("invalid value for 'mqtt.port': expected an integer, got an empty value");
        assertThat(error("mqtt:\n  host: [a, b]\n"))
                .isEqualTo(name() + ":2:9: invalid value for 'mqtt.host': expected a string, got a list");
        assertThat(error("mqtt: 5\n"))
                .isEqualTo(name() + ":1:7: invalid value for 'mqtt': expected a mapping, got 5");
    }

    @Test
    void integerOutOfItsTypeRangeIsReported() throws IOException {
        assertThat(error("mqtt:\n  port: 99999999999\n"))
                .isEqualTo(name() + ":2:9: invalid value for 'mqtt.port': 99999999999 is out of range");
    }

    @Test
    void badEnumValueListsTheAllowedValues() throws IOException {
        assertThat(error("sessions:\n  overflow_policy: DROP_OLDEST\n"))
                .isEqualTo(name() + ":2:20: invalid value for 'sessions.overflow_policy': expected one of"
                        + " drop_oldest, drop_new, disconnect, backpressure, got 'DROP_OLDEST'");
    }

    @Test
    void limitsOverridesPerListenerAndPerUserBindAndUnknownListenersAreErrors() throws Exception {
        LimitsConfig limits = load("""
                security:
                  limits:
                    connections_per_second: 100
                    listeners:
                      mqtts: {connections_per_second: 5}
                      mqtt_ws: {max_connections: 1000}
                    users:
                      sensor-7: {publish_messages_per_second: 2, publish_bytes_per_second: 4096}
                """, "security.limits.users.dashboard.max_subscriptions_per_client=500").security().limits();
        assertThat(limits.listeners()).containsOnly(
                Map.entry("mqtts", new ListenerLimitsConfig(5, null)),
                Map.entry("mqtt_ws", new ListenerLimitsConfig(null, 1000)));
        assertThat(limits.users()).containsOnly(
                Map.entry("sensor-7", new UserLimitsConfig(2, 4096L, null)),
                Map.entry("dashboard", new UserLimitsConfig(null, null, 500)));

        assertThat(error("security:\n  limits:\n    listeners:\n      mqtt-ws:\n        max_connections: 5\n"))
                .isEqualTo(name() + ":5:9: invalid value for 'security.limits.listeners.mqtt-ws': unknown listener"
                        + " 'mqtt-ws' (did you mean 'mqtt_ws'?); listeners are mqtt, mqtts, mqtt_ws, mqtt_wss");
        assertThat(error("security:\n  limits:\n    listeners:\n      mqtts:\n        conections_per_second: 5\n"))
                .isEqualTo(name() + ":5:9: unknown key 'security.limits.listeners.mqtts.conections_per_second'"
                        + " (did you mean 'connections_per_second'?)");
        assertThat(error("security:\n  limits:\n    users:\n      bob:\n"
                + "        publish_messages_per_second: -1\n"))
                .isEqualTo(name() + ":5:38: invalid value for 'security.limits.users.bob.publish_messages_per_second':"
                        + " must be between 0 and 100000000, got -1");
    }

    @Test
    void outOfRangeValueNamesTheKey() throws IOException {
        assertThat(error("mqtt:\n  port: 70000\n"))
                .isEqualTo(name() + ":2:9: invalid value for 'mqtt.port': must be between -1 and 65535, got 70000");
        assertThat(error("sessions:\n  max_queued_messages: 0\n"))
                .isEqualTo(name() + ":2:24: invalid value for 'sessions.max_queued_messages': must be between 1 and "
                        + Integer.MAX_VALUE + ", got 0");
        assertThat(error("mqtt:\n  client_id_pattern: '[a-'\n"))
                .startsWith(name() + ":2:22: invalid value for 'mqtt.client_id_pattern': not a valid regular expression");
    }

    @Test
    void storageBindsToTheRouterPolicyAndTheStoreSettings() throws Exception {
        BrokerConfig config = load("""
                storage:
                  dir: /var/lib/sb
                  durability: volatile
                  rules:
                    - filter: "telemetry/#"
                      durability: local
                    - filter: "+/debug"
                      durability: volatile
                  max_size: 512MiB
                  commit_batch_max_ops: 500
                  commit_batch_max_delay_ms: 0
                  recovery: salvage
                """);
        DurabilityPolicy policy = config.storage().toDurabilityPolicy();
        assertThat(policy.defaultMode()).isEqualTo(Durability.VOLATILE);
        assertThat(policy.rules()).extracting(r -> r.filter().raw(), DurabilityPolicy.Rule::mode)
                .containsExactly(tuple("telemetry/#", Durability.LOCAL), tuple("+/debug", Durability.VOLATILE));
        assertThat(policy.usesStore()).isTrue();
        StoreSettings store = config.storage().toStoreSettings();
        assertThat(store.dataDir()).isEqualTo(Path.of("/var/lib/sb"));
        assertThat(store.maxStoreBytes()).isEqualTo(512L << 20);
        assertThat(store.maxBatchOps()).isEqualTo(500);
        assertThat(store.maxBatchDelay()).isEqualTo(Duration.ZERO);
        assertThat(store.recovery()).isEqualTo(RecoveryPolicy.SALVAGE);
        assertThat(BrokerConfig.DEFAULTS.storage().toDurabilityPolicy().usesStore()).isFalse();
        assertThat(BrokerConfig.DEFAULTS.storage().toStoreSettings().maxStoreBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(load("", "storage.durability=local").storage().toDurabilityPolicy())
                .isEqualTo(DurabilityPolicy.of(Durability.LOCAL));
    }

    @Test
    void queuesBindToQueueSpecsWithDefaults() throws Exception {
        BrokerConfig config = load("""
                storage:
                  durability: local
                queues:
                  - name: telemetry
                    bindings: ["sensors/#", "+/alarm"]
                    max_messages: 5000
                    max_bytes: 8MiB
                    overflow: drop_oldest
                    dead_letter_queue: telemetry-dlq
                  - name: jobs
                    durable: false
                """);
        QueueSpec telemetry = config.queueSpecs().get(0);
        assertThat(telemetry).isEqualTo(new QueueSpec("telemetry", true, 5000, 8L << 20, OverflowPolicy.DROP_OLDEST,
                List.of("sensors/#", "+/alarm"), "telemetry-dlq", false));
        QueueSpec jobs = config.queueSpecs().get(1);
        assertThat(jobs).isEqualTo(QueueSpec.onDemand("jobs"));
        assertThat(load("queues:\n  - name: jobs\n").queueSpecs()).containsExactly(QueueSpec.onDemand("jobs"));
        assertThat(BrokerConfig.DEFAULTS.queues()).isEmpty();
        assertThat(load("queues:\n").queues()).isEmpty();
    }

    @Test
    void badQueuesNameFileLineAndKey() throws IOException {
        assertThat(error("queues:\n  - name: q\n    binding: a/#\n"))
                .startsWith(name() + ":3:5: unknown key 'queues[0].binding' (did you mean 'bindings'?)");
        assertThat(error("queues:\n  - name: q\n    bindings: [\"a/#/b\"]\n"))
                .startsWith(name() + ":3:16: invalid value for 'queues[0].bindings[0]': 'a/#/b' is not a valid");
        assertThat(error("queues:\n  - name: q\n    bindings: [\"$share/g/a\"]\n"))
                .startsWith(name() + ":3:16: invalid value for 'queues[0].bindings[0]': '$share/g/a' is a shared");
        assertThat(error("queues:\n  - bindings: [a]\n"))
                .isEqualTo(name() + ":2:5: invalid value for 'queues[0].name': must be a non-empty queue name");
        assertThat(error("queues:\n  - name: q\n    overflow: backpressure\n"))
                .isEqualTo(name() + ":3:15: invalid value for 'queues[0].overflow': must be drop_new or drop_oldest"
                        + " for a queue, got backpressure");
        assertThat(error("queues:\n  - name: q\n    max_messages: 0\n"))
                .isEqualTo(name() + ":3:19: invalid value for 'queues[0].max_messages': must be between 1 and"
                        + " 2147483647, got 0");
        assertThat(error("queues:\n  - name: q\n  - name: q\n"))
                .isEqualTo(name() + ":3:11: invalid value for 'queues[1].name': queue 'q' is declared twice");
        assertThat(error("queues:\n  - name: q\n    durable: true\n"))
                .isEqualTo(name() + ":3:14: invalid value for 'queues[0].durable': a durable queue needs the store:"
                        + " set storage.durability to local (or add a storage rule with durability local)");
        assertThat(error("queues:\n  - name: q\n    dead_letter_queue: q\n"))
                .isEqualTo(name() + ":3:24: invalid value for 'queues[0].dead_letter_queue': must name another"
                        + " queue, got 'q'");
    }

    @Test
    void sizesTakeUnits() throws Exception {
        assertThat(load("storage:\n  max_size: 1048576\n").storage().maxSize().bytes()).isEqualTo(1_048_576L);
        assertThat(load("storage:\n  max_size: 10MB\n").storage().maxSize().bytes()).isEqualTo(10_000_000L);
        assertThat(load("storage:\n  max_size: 2 GiB\n").storage().maxSize().bytes()).isEqualTo(2L << 30);
        assertThat(load("", "storage.max_size=64kib").storage().maxSize().bytes()).isEqualTo(65_536L);
        assertThat(load("", "storage.max_size=0").storage().toStoreSettings().maxStoreBytes())
                .isEqualTo(Long.MAX_VALUE);
        assertThat(error("storage:\n  max_size: 12 parsecs\n"))
                .isEqualTo(name() + ":2:13: invalid value for 'storage.max_size': expected a size in bytes such as"
                        + " 1048576 or 512MiB, got '12 parsecs'");
        assertThat(error("storage:\n  max_size: -1\n"))
                .isEqualTo(name() + ":2:13: invalid value for 'storage.max_size': must not be negative, got -1");
    }

    @Test
    void badStorageValuesNameTheKey() throws IOException {
        assertThat(error("storage:\n  rules:\n    - filter: \"a/#/b\"\n      durability: local\n"))
                .startsWith(name() + ":3:15: invalid value for 'storage.rules[0].filter': 'a/#/b' is not a valid"
                        + " topic filter");
        assertThat(error("storage:\n  rules:\n    - filter: \"$share/g/a\"\n      durability: local\n"))
                .startsWith(name() + ":3:15: invalid value for 'storage.rules[0].filter': '$share/g/a' is a shared");
        assertThat(error("storage:\n  rules:\n    - filter: a\n      durability: replicated\n"))
                .isEqualTo(name() + ":4:19: invalid value for 'storage.rules[0].durability': expected one of"
                        + " volatile, local, got 'replicated'");
        assertThat(error("storage:\n  rules:\n    - filter: a\n      durability: local\n      durable: local\n"))
                .startsWith(name() + ":5:7: unknown key 'storage.rules[0].durable'");
        assertThat(error("storage:\n  rules:\n    - filter: a\n"))
                .isEqualTo(name() + ":3:7: invalid value for 'storage.rules[0].durability': must be set");
        assertThat(error("storage:\n  recovery: fix\n"))
                .isEqualTo(name() + ":2:13: invalid value for 'storage.recovery': expected one of refuse, salvage,"
                        + " got 'fix'");
        assertThat(error("storage:\n  commit_batch_max_ops: 0\n"))
                .isEqualTo(name() + ":2:25: invalid value for 'storage.commit_batch_max_ops': must be between 1 and"
                        + " 1000000, got 0");
    }

    @Test
    void nonLoopbackHostNeedsAllowAnonymous() throws Exception {
        assertThat(error("mqtt:\n  host: 0.0.0.0\n"))
                .startsWith(name() + ":2:9: invalid value for 'mqtt.host': '0.0.0.0' is not a loopback address");
        assertThat(load("mqtt:\n  host: 0.0.0.0\n  allow_anonymous: true\n").mqtt().host()).isEqualTo("0.0.0.0");
        assertThat(load("mqtt:\n  host: localhost\n").mqtt().host()).isEqualTo("localhost");
        assertThat(load("mqtt:\n  host: ::1\n").mqtt().host()).isEqualTo("::1");
    }

    @Test
    void syntaxErrorAndDuplicateKeyNameTheLine() throws IOException {
        assertThat(error("mqtt:\n  port: 1883\n   bad indentation: [\n")).startsWith(name() + ":3:")
                .contains("YAML syntax error").doesNotContain("\n");
        assertThat(error("mqtt:\n  port: 1883\n  port: 1884\n"))
                .isEqualTo(name() + ":3:3: duplicate key 'mqtt.port' (first set at " + name() + ":2:3)");
        assertThat(error("- a\n- b\n")).startsWith(name() + ":1:1: expected a mapping");
    }

    @Test
    void missingFileIsAConfigError() {
        Path missing = dir.resolve("nope.yaml");
        assertThat(errorOf(missing, Map.of())).isEqualTo(missing + ": config file not found");
    }

    @Test
    void setOverridesTheFile() throws Exception {
        BrokerConfig config = load("mqtt:\n  port: 1884\n", "mqtt.port=0", "mqtt.websocket_port=0",
                "sessions.overflow_policy=disconnect", "mqtt.client_id_pattern=null", "storage.dir=/tmp/x y");
        assertThat(config.mqtt().port()).isZero();
        assertThat(config.mqtt().websocketPort()).isZero();
        assertThat(config.sessions().overflowPolicy()).isEqualTo(OverflowPolicy.DISCONNECT);
        assertThat(config.mqtt().clientIdPattern()).isNull();
        assertThat(config.storage().dir()).isEqualTo("/tmp/x y");
    }

    @Test
    void environmentOverridesTheFileAndSetOverridesTheEnvironment() throws Exception {
        Path file = write("mqtt:\n  port: 1884\n");
        Map<String, String> env = Map.of("SWITCHBOARD_MQTT__PORT", "1885",
                "SWITCHBOARD_SESSIONS__QUEUE_QOS0_OFFLINE", "true",
                "SWITCHBOARD_MQTT__WEBSOCKET_PORT", "-1",
                "SWITCHBOARD_HOME", "/somewhere", "PATH", "/usr/bin");
        BrokerConfig fromEnv = ConfigLoader.load(file, env, List.of());
        assertThat(fromEnv.mqtt().port()).isEqualTo(1885);
        assertThat(fromEnv.mqtt().websocketPort()).isEqualTo(-1);
        assertThat(fromEnv.sessions().queueQos0Offline()).isTrue();
        assertThat(ConfigLoader.load(file, env, List.of("mqtt.port=1886")).mqtt().port()).isEqualTo(1886);
    }

    @Test
    void badOverridesNameTheirSource() throws IOException {
        Path file = write("mqtt:\n  port: 1884\n");
        assertThat(errorOf(file, Map.of(), "mqtt.port=abc"))
                .isEqualTo("--set mqtt.port=abc: invalid value for 'mqtt.port': expected an integer, got 'abc'");
        assertThat(errorOf(file, Map.of(), "mqtt.prot=1"))
                .isEqualTo("--set mqtt.prot=1: unknown key 'mqtt.prot' (did you mean 'port'?)");
        assertThat(errorOf(file, Map.of(), "mqtt.port"))
                .isEqualTo("--set mqtt.port: expected key=value, e.g. --set mqtt.port=1884");
        assertThat(errorOf(file, Map.of(), "MQTT.Port=1"))
                .startsWith("--set MQTT.Port=1: 'MQTT.Port' is not a key path");
        assertThat(errorOf(file, Map.of(), "mqtt.port.x=1"))
                .isEqualTo("--set mqtt.port.x=1: invalid value for 'mqtt.port': expected an integer, got a mapping");
        assertThat(errorOf(file, Map.of(), "mqtt.host=192.0.2.1"))
                .startsWith("--set mqtt.host=192.0.2.1: invalid value for 'mqtt.host': '192.0.2.1' is not a loopback");
        assertThat(errorOf(file, Map.of("SWITCHBOARD_SESSIONS__OVERFLOW_POLICY", "drop_everything")))
                .isEqualTo("environment SWITCHBOARD_SESSIONS__OVERFLOW_POLICY=drop_everything: invalid value for"
                        + " 'sessions.overflow_policy': expected one of drop_oldest, drop_new, disconnect, backpressure,"
                        + " got 'drop_everything'");
        assertThat(errorOf(file, Map.of("SWITCHBOARD_MQTT__PROT", "1")))
                .isEqualTo("environment SWITCHBOARD_MQTT__PROT=1: unknown key 'mqtt.prot' (did you mean 'port'?)");
    }

    @Test
    void anOverrideReplacingAFileValueTakesOverItsOrigin() throws IOException {
        Path file = write("mqtt:\n  port: 1884\n  host: 0.0.0.0\n  allow_anonymous: true\n");
        assertThat(errorOf(file, Map.of(), "mqtt.allow_anonymous=false"))
                .startsWith(file + ":3:9: invalid value for 'mqtt.host': '0.0.0.0' is not a loopback address");
    }
}
