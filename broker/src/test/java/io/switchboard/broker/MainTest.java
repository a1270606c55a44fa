package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line run in-process through {@link Main#execute}: exit codes and operator-facing messages. */
@Timeout(10)
class MainTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        StopSignal mustNotStart = broker -> {
            broker.close();
            throw new AssertionError("the broker must not start in this test");
        };
        return Main.execute(args, new Launch(env, new PrintWriter(out, true), new PrintWriter(err, true),
                mustNotStart));
    }

    private Path file(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void configErrorExitsWithTwoAndPrintsOneLineNamingFileLineAndKey() throws IOException {
        Path config = file("bad.yaml", "mqtt:\n  port: 1883\n  prot: 1884\n");
        int code = run(Map.of(), "start", "--config", config.toString());
        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).isEqualTo(config + ":3:3: unknown key 'mqtt.prot' (did you mean 'port'?)"
                + System.lineSeparator());
    }

    @Test
    void badSetExitsWithTwoNamingTheArgument() throws IOException {
        Path config = file("ok.yaml", "mqtt:\n  port: 1883\n");
        int code = run(Map.of(), "start", "--config", config.toString(), "--set", "mqtt.port=0",
                "--set", "sessions.overflow_policy=sometimes");
        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).isEqualTo("--set sessions.overflow_policy=sometimes: invalid value for"
                + " 'sessions.overflow_policy': expected one of drop_oldest, drop_new, disconnect, backpressure, got 'sometimes'"
                + System.lineSeparator());
    }

    @Test
    void badEnvironmentOverrideExitsWithTwo() throws IOException {
        Path config = file("ok.yaml", "");
        int code = run(Map.of("SWITCHBOARD_MQTT__PORT", "-7"), "start", "--config", config.toString());
        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).startsWith("environment SWITCHBOARD_MQTT__PORT=-7: invalid value for 'mqtt.port'");
    }

    @Test
    void missingConfigFileExitsWithTwo() {
        Path missing = dir.resolve("missing.yaml");
        assertThat(run(Map.of(), "start", "--config", missing.toString())).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).startsWith(missing + ": config file not found");
    }

    @Test
    void defaultConfigComesFromSwitchboardHomeWhenTheWorkingDirectoryHasNone() throws IOException {
        Path config = file("home/conf/switchboard.yaml", "storage:\n  durability: replicated\n");
        assertThat(Files.exists(StartCommand.DEFAULT_CONFIG)).as("test runs in a directory without conf/").isFalse();
        int code = run(Map.of("SWITCHBOARD_HOME", dir.resolve("home").toString()), "start");
        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).startsWith(config + ":2:15: invalid value for 'storage.durability'");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run(Map.of())).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("Usage: switchboard").contains("start");
        assertThat(run(Map.of(), "start", "--bogus")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
    }

    @Test
    void helpAndVersionSucceed() {
        assertThat(run(Map.of(), "start", "--help")).isEqualTo(Main.EXIT_OK);
        assertThat(out.toString()).contains("--config=FILE").contains("--set=KEY=VALUE");
        assertThat(run(Map.of(), "--version")).isEqualTo(Main.EXIT_OK);
        assertThat(out.toString()).contains("switchboard ");
    }
}
