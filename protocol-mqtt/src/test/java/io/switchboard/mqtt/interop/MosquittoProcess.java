package io.switchboard.mqtt.interop;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A {@code mosquitto_pub} or {@code mosquitto_sub} process with its merged output read line by line. */
final class MosquittoProcess implements AutoCloseable {
    private final String description;
    private final Process process;
    private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> all = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    private MosquittoProcess(List<String> command) {
        description = String.join(" ", command);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + description, e);
        }
        reader = new Thread(this::readOutput, "mosquitto-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The absolute path of a mosquitto client program, or a failed test saying how to install it. */
    static String executable(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        throw new AssertionError(name + " not found on PATH (" + path + "). Install the Debian package "
                + "mosquitto-clients (apt-get install -y mosquitto-clients); the README's test command does so.");
    }

    /**
     * Starts the command with its standard output line-buffered (through coreutils' {@code stdbuf} when present):
     * mosquitto_sub's debug lines, which tell when the subscription is acknowledged, are otherwise held in
     * the pipe's buffer until the process exits.
     */
    static MosquittoProcess start(List<String> command) {
        List<String> full = new ArrayList<>();
        File stdbuf = new File("/usr/bin/stdbuf");
        if (stdbuf.canExecute()) {
            full.addAll(List.of(stdbuf.getPath(), "-oL", "-eL"));
        }
        full.addAll(command);
        return new MosquittoProcess(full);
    }

    /** Runs the command to completion and fails unless it exits with 0 within the timeout. */
    static void run(List<String> command, Duration timeout) throws InterruptedException {
        try (MosquittoProcess p = start(command)) {
            p.expectExit(0, timeout);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                all.add(line);
                unread.add(line);
            }
        } catch (IOException e) {
            all.add("<output read failed: " + e + ">");
        }
    }

    /** Waits for an output line matching the predicate, skipping others; fails with the whole output. */
    String awaitLine(Predicate<String> predicate, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? unread.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("no matching output line within " + timeout.toMillis() + " ms from "
                        + description + "; output so far:\n" + String.join("\n", all));
            }
            if (predicate.test(line)) {
                return line;
            }
        }
    }

    /** Waits for the next {@code count} lines starting with the prefix (other lines are skipped). */
    List<String> awaitLines(String prefix, int count, Duration timeout) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(awaitLine(l -> l.startsWith(prefix), timeout));
        }
        return lines;
    }

    void expectExit(int code, Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(description + " still running after " + timeout.toMillis() + " ms; output:\n"
                    + String.join("\n", all));
        }
        reader.join(2_000);
        if (process.exitValue() != code) {
            throw new AssertionError(description + " exited with " + process.exitValue() + ", expected " + code
                    + "; output:\n" + String.join("\n", all));
        }
    }

    /** SIGKILL: the process dies without sending DISCONNECT, as on a crash or a network failure. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                throw new AssertionError(description + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + description, e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
