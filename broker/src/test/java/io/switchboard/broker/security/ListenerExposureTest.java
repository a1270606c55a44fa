package io.switchboard.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.broker.config.ConfigException;
import io.switchboard.broker.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Listeners bind beyond loopback only with authentication or explicitly allowed anonymous access. */
@Timeout(30)
class ListenerExposureTest {
    @TempDir
    Path dir;

    private String host(String... sets) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, "mqtt:\n  host: 0.0.0.0\n");
        return ConfigLoader.load(file, Map.of(), List.of(sets)).mqtt().host();
    }

    @Test
    void aPasswordFileWithoutAnonymousAccessAllowsAnyAddress() throws Exception {
        assertThat(host("security.password_file=/etc/switchboard/passwords")).isEqualTo("0.0.0.0");
    }

    @Test
    void explicitAnonymousAccessAllowsAnyAddress() throws Exception {
        assertThat(host("security.allow_anonymous=true")).isEqualTo("0.0.0.0");
        assertThat(host("mqtt.allow_anonymous=true")).isEqualTo("0.0.0.0");
    }

    @Test
    void withoutAuthenticationOnlyLoopbackIsAccepted() {
        assertThatThrownBy(() -> host()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid value for 'mqtt.host': '0.0.0.0' is not a loopback address")
                .hasMessageContaining("security.password_file");
        assertThatThrownBy(() -> host("security.allow_anonymous=false")).isInstanceOf(ConfigException.class);
    }

    @Test
    void theAmqpListenersFollowTheSameRule() throws Exception {
        Path file = dir.resolve("amqp.yaml");
        Files.writeString(file, "amqp:\n  host: 0.0.0.0\n");
        assertThat(ConfigLoader.load(file, Map.of(), List.of("security.password_file=/etc/switchboard/passwords"))
                .amqp().host()).isEqualTo("0.0.0.0");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), List.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid value for 'amqp.host': '0.0.0.0' is not a loopback address")
                .hasMessageContaining("security.password_file");
    }
}
