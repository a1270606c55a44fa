package io.switchboard.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real launcher ({@code io.switchboard.broker.Main start}) as a child JVM on the broker's runtime
 * classpath, as {@code bin/switchboard} runs it.
 */
final class BrokerProcess {
    static final Path HOME = Path.of(System.getProperty("switchboard.home", "..")).toAbsolutePath().normalize();
    static final Path SHIPPED_CONFIG = HOME.resolve("conf/switchboard.yaml");
    private static final Pattern STARTED =
            Pattern.compile("broker\\.started mqtt=\\S+:(\\d+) websocket=(?:\\S+:(\\d+)/\\S*|off) ");

    private BrokerProcess() {
    }

    /** Starts {@code Main} with the given arguments in {@code workDir}, without inherited SWITCHBOARD_ variables. */
    static ProcessOutput launch(Path workDir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dio.netty.leakDetection.level=paranoid",
                "-cp", classpath(), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SWITCHBOARD_"));
        return ProcessOutput.start("broker", builder);
    }

    /** Waits for {@code broker.started} and returns the bound MQTT TCP and WebSocket (-1: off) ports. */
    static int[] awaitPorts(ProcessOutput broker) {
        Matcher started = broker.awaitLine(STARTED, Duration.ofSeconds(30));
        return new int[] {Integer.parseInt(started.group(1)),
                started.group(2) == null ? -1 : Integer.parseInt(started.group(2))};
    }

    private static String classpath() throws IOException {
        String classes = System.getProperty("switchboard.classes.dir", "target/classes");
        Path runtime = Path.of(System.getProperty("switchboard.runtime.classpath.file",
                "target/runtime-classpath.txt"));
        return classes + java.io.File.pathSeparator + Files.readString(runtime).strip();
    }
}
