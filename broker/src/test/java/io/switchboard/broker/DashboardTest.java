package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless Chromium driven by Playwright ({@code src/test/dashboard/dashboard-test.mjs}):
 * log in (a wrong token first), see a connected client, kick it. Installs what it needs when missing: Debian's
 * {@code chromium} (apt-get) and {@code playwright-core} (npm, into {@code target/dashboard-test}). The screenshot
 * it takes is {@code target/dashboard-test/dashboard.png} (the one in {@code docs/} comes from such a run).
 */
class DashboardTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SOURCES = BrokerProcess.HOME.resolve("broker/src/test/dashboard");
    private static final Path WORK = BrokerProcess.HOME.resolve("broker/target/dashboard-test");

    @TempDir
    Path dir;

    @BeforeAll
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    static void installBrowserAndPlaywright() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            List<String> sudo = "root".equals(System.getProperty("user.name")) ? List.of() : List.of("sudo", "-n");
            run(WORK.getParent(), Duration.ofMinutes(5), concat(sudo, "apt-get", "update", "-qq"));
            run(WORK.getParent(), Duration.ofMinutes(10), concat(sudo, "apt-get", "install", "-y", "-qq", "chromium"));
        }
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "dashboard-test.mjs")) {
            Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(WORK.resolve("node_modules/playwright-core"))) {
            run(WORK, Duration.ofMinutes(5), List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"));
        }
    }

    private static List<String> concat(List<String> prefix, String... command) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(command));
        return all;
    }

    private static String run(Path workDir, Duration timeout, List<String> command) throws Exception {
        return run(workDir, timeout, command, List.of());
    }

    private static String run(Path workDir, Duration timeout, List<String> command, List<String> environment)
            throws Exception {
        Path log = Files.createTempFile("dashboard-test", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        for (String variable : environment) {
            int eq = variable.indexOf('=');
            builder.environment().put(variable.substring(0, eq), variable.substring(eq + 1));
        }
        Process process = builder.start();
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String output = Files.readString(log);
            assertThat(exited).as("%s still running after %s:%n%s", command, timeout, output).isTrue();
            assertThat(process.exitValue()).as("%s failed:%n%s", command, output).isZero();
            return output;
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    @Test
    @Timeout(120)
    void userLogsInSeesTheClientAndKicksIt() throws Exception {
        try (LiveBroker live = LiveBroker.start(dir)) {
            CompletableFuture<Throwable> kicked = new CompletableFuture<>();
            Mqtt5AsyncClient victim = MqttClient.builder().useMqttVersion5().identifier("dash-victim")
                    .serverHost("127.0.0.1").serverPort(live.mqttPort())
                    .addDisconnectedListener(context -> kicked.complete(context.getCause())).buildAsync();
            victim.connect().get(10, TimeUnit.SECONDS);
            victim.subscribeWith().topicFilter("dash/#").qos(MqttQos.AT_MOST_ONCE).callback(publish -> { })
                    .send().get(10, TimeUnit.SECONDS);
            Mqtt5BlockingClient sleeper = MqttClient.builder().useMqttVersion5().identifier("dash-offline")
                    .serverHost("127.0.0.1").serverPort(live.mqttPort()).buildBlocking();
            sleeper.connectWith().sessionExpiryInterval(600).send();
            sleeper.subscribeWith().topicFilter("dash/#").qos(MqttQos.AT_LEAST_ONCE).send();
            sleeper.disconnect(); // its queue fills while the dashboard watches
            Mqtt5BlockingClient publisher = MqttClient.builder().useMqttVersion5().identifier("dash-publisher")
                    .serverHost("127.0.0.1").serverPort(live.mqttPort()).buildBlocking();
            publisher.connect();
            AtomicBoolean publishing = new AtomicBoolean(true);
            Thread traffic = new Thread(() -> {
                int i = 0;
                try {
                    while (publishing.get()) {
                        publisher.publishWith().topic("dash/" + (i++ % 10)).qos(MqttQos.AT_LEAST_ONCE)
                                .payload(new byte[32]).send();
                        TimeUnit.MILLISECONDS.sleep(10); // pacing (about 100 msg/s for the rate chart), not a wait
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "dashboard-traffic");
            traffic.start();
            Path screenshot = WORK.resolve("dashboard.png");
            try {
                String output = run(WORK, Duration.ofSeconds(90), List.of("node", "dashboard-test.mjs"), List.of(
                        "DASHBOARD_URL=http://127.0.0.1:" + live.broker.httpPort(),
                        "ADMIN_TOKEN=" + LiveBroker.TOKEN, "CLIENT_ID=dash-victim",
                        "SCREENSHOT=" + screenshot));
                assertThat(output).contains("dashboard: kicked dash-victim");
            } finally {
                publishing.set(false);
                traffic.join(10_000);
            }

            Throwable cause = kicked.get(10, TimeUnit.SECONDS);
            assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
            assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                    .isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION);
            assertThat(screenshot).isRegularFile();
            assertThat(Files.size(screenshot)).isGreaterThan(10_000);
            publisher.disconnect();
        }
    }
}
