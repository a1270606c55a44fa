package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code logging.format: json}: the layout alone, then a real broker process logging JSON lines. */
@Timeout(60)
class JsonLogLayoutTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode layout(String message, Object... args) throws Exception {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("fqcn",
                context.getLogger("io.switchboard.mqtt.handler.ConnectHandler"), Level.INFO, message, null, args);
        event.setTimeStamp(1_767_268_800_123L);
        JsonLogLayout layout = new JsonLogLayout();
        layout.setContext(context);
        layout.start();
        String line = layout.doLayout(event);
        assertThat(line).endsWith(System.lineSeparator()).doesNotContain("\n{");
        return JSON.readTree(line);
    }

    @Test
    void eventNameAndKeyValueFieldsBecomeJsonFields() throws Exception {
        JsonNode line = layout("client.connected id={} reason=\"{}\" proto=mqtt5 flag", "sensor-1", "a b=c");

        assertThat(line.path("time").asText()).isEqualTo("2026-01-01T12:00:00.123Z");
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("logger").asText()).isEqualTo("ConnectHandler");
        assertThat(line.path("event").asText()).isEqualTo("client.connected");
        assertThat(line.path("fields").path("id").asText()).isEqualTo("sensor-1");
        assertThat(line.path("fields").path("reason").asText()).isEqualTo("a b=c");
        assertThat(line.path("fields").path("proto").asText()).isEqualTo("mqtt5");
        assertThat(line.path("fields").has("flag")).isFalse();
        assertThat(line.path("message").asText())
                .isEqualTo("client.connected id=sensor-1 reason=\"a b=c\" proto=mqtt5 flag");
    }

    @Test
    void aMessageWithoutEventNameKeepsOnlyTheMessage() throws Exception {
        JsonNode line = layout("key=value only");

        assertThat(line.has("event")).isFalse();
        assertThat(line.path("message").asText()).isEqualTo("key=value only");
    }

    @Test
    void brokerProcessLogsJsonLinesWhenConfigured() throws Exception {
        try (ProcessOutput broker = BrokerProcess.launch(dir, "start", "--config",
                BrokerProcess.SHIPPED_CONFIG.toString(), "--set", "mqtt.port=0", "--set", "mqtt.websocket_port=-1",
                "--set", "http.port=0", "--set", "logging.format=json")) {
            String started = broker.awaitLine(Pattern.compile("^\\{.*\"event\":\"broker\\.started\".*$"),
                    Duration.ofSeconds(30)).group();
            broker.sigterm();
            assertThat(broker.awaitExit(Duration.ofSeconds(10))).as(broker.text()).isZero();

            JsonNode line = JSON.readTree(started);
            assertThat(line.path("logger").asText()).isEqualTo("Broker");
            assertThat(line.path("fields").path("transport").asText()).isIn("epoll", "nio");
            assertThat(broker.lines()).filteredOn(text -> !text.isBlank())
                    .allSatisfy(text -> assertThat(JSON.readTree(text).has("time")).as(text).isTrue());
        }
    }
}
