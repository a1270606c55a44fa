package io.switchboard.broker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child broker process with {@code storage.durability=local} on a given data directory, the shipped config
 * and an ephemeral MQTT port (WebSocket off).
 *
 * @param output the process and what it printed
 * @param port   the bound MQTT TCP port
 */
record DurableBroker(ProcessOutput output, int port) implements AutoCloseable {

    /** Starts the broker and waits for {@code broker.started}. */
    static DurableBroker start(Path workDir, Path dataDir, String... extraSets) throws IOException {
        ProcessOutput output = launch(workDir, dataDir, extraSets);
        try {
            return new DurableBroker(output, BrokerProcess.awaitPorts(output)[0]);
        } catch (AssertionError | RuntimeException e) {
            output.close();
            throw e;
        }
    }

    /** Starts the broker without waiting (for tests that expect it to refuse). */
    static ProcessOutput launch(Path workDir, Path dataDir, String... extraSets) throws IOException {
        List<String> args = new ArrayList<>(List.of("start", "--config", BrokerProcess.SHIPPED_CONFIG.toString(),
                "--set", "mqtt.port=0", "--set", "mqtt.websocket_port=-1", "--set", "amqp.port=-1",
                "--set", "http.port=-1", "--set", "sys.interval_seconds=0",
                "--set", "storage.durability=local", "--set", "storage.dir=" + dataDir));
        for (String set : extraSets) {
            args.add("--set");
            args.add(set);
        }
        return BrokerProcess.launch(workDir, args.toArray(String[]::new));
    }

    long pid() {
        return output.process().pid();
    }

    /** SIGKILL, then waits for the process to be gone. */
    void kill() throws InterruptedException {
        output.process().toHandle().destroyForcibly();
        output.awaitExit(java.time.Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        output.close();
    }
}
