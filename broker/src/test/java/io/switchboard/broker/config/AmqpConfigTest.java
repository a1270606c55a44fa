package io.switchboard.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.amqp.AddressKind;
import io.switchboard.amqp.AmqpSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Section {@code amqp}: defaults, overrides and the strict checks every section has. */
@Timeout(10)
class AmqpConfigTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        Path file = dir.resolve("amqp.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void defaultsAreTheAdapterDefaults() {
        assertThat(BrokerConfig.DEFAULTS.amqp().toAmqpSettings()).isEqualTo(AmqpSettings.DEFAULTS);
        assertThat(AmqpSettings.DEFAULTS.port()).isEqualTo(5672);
        assertThat(AmqpSettings.DEFAULTS.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void fileAndOverridesSetKeys() throws Exception {
        BrokerConfig config = ConfigLoader.load(file("amqp:\n  port: 0\n  bare_address: topic\n"),
                Map.of("SWITCHBOARD_AMQP__LINK_CREDIT", "7"), List.of("amqp.max_frame_size=4096"));
        AmqpSettings settings = config.amqp().toAmqpSettings();
        assertThat(settings.port()).isZero();
        assertThat(settings.bareAddress()).isEqualTo(AddressKind.TOPIC);
        assertThat(settings.linkCredit()).isEqualTo(7);
        assertThat(settings.maxFrameSize()).isEqualTo(4096);
        assertThat(ConfigLoader.load(file("amqp:\n  port: -1\n"), Map.of(), List.of()).amqp().port()).isEqualTo(-1);
    }

    @Test
    void badKeysAndValuesNameFileLineAndKey() throws Exception {
        Path unknown = file("amqp:\n  prot: 5672\n");
        assertThatThrownBy(() -> ConfigLoader.load(unknown, Map.of(), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(unknown + ":2:3: unknown key 'amqp.prot' (did you mean 'port'?)");
        Path range = file("amqp:\n  port: 70000\n");
        assertThatThrownBy(() -> ConfigLoader.load(range, Map.of(), List.of()))
                .hasMessage(range + ":2:9: invalid value for 'amqp.port': must be between -1 and 65535, got 70000");
        Path empty = file("");
        assertThatThrownBy(() -> ConfigLoader.load(empty, Map.of(), List.of("amqp.max_frame_size=100")))
                .hasMessageContaining("'amqp.max_frame_size': must be between 512 and");
        assertThatThrownBy(() -> ConfigLoader.load(file("amqp:\n  bare_address: anycast\n"), Map.of(), List.of()))
                .hasMessageContaining("'amqp.bare_address': expected one of topic, queue, got 'anycast'");
    }

    @Test
    void aNonLoopbackHostNeedsAllowAnonymous() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(file("amqp:\n  host: 0.0.0.0\n"), Map.of(), List.of()))
                .hasMessageContaining("'amqp.host': '0.0.0.0' is not a loopback address");
        assertThat(ConfigLoader.load(file("amqp:\n  host: 0.0.0.0\n  allow_anonymous: true\n"), Map.of(), List.of())
                .amqp().host()).isEqualTo("0.0.0.0");
    }
}
