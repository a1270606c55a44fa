package io.switchboard.broker;

import static org.awaitility.Awaitility.await;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A child process with its merged stdout/stderr collected line by line, for tests that read what it logs. */
final class ProcessOutput implements AutoCloseable {
    private final String name;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ProcessOutput(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(this::readLines, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a command with stderr merged into stdout. */
    static ProcessOutput start(String name, ProcessBuilder builder) throws IOException {
        return new ProcessOutput(name, builder.redirectErrorStream(true).start());
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name + " output", e);
        }
    }

    Process process() {
        return process;
    }

    /**
     * Sends SIGTERM. Unlike {@link Process#destroy()}, which also closes the pipes on Linux, this keeps reading
     * what the process prints while it stops.
     */
    void sigterm() {
        process.toHandle().destroy();
    }

    /** Sends a signal by name ({@code HUP}) with kill(1). */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " failed");
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Every line read so far, for assertion messages. */
    String text() {
        return String.join("\n", lines);
    }

    Optional<Matcher> find(Pattern pattern) {
        for (String line : lines) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return Optional.of(matcher);
            }
        }
        return Optional.empty();
    }

    /** Waits until a line matches, failing with the output so far after {@code timeout}. */
    Matcher awaitLine(Pattern pattern, Duration timeout) {
        try {
            await(name + " printing /" + pattern + "/").atMost(timeout).pollInterval(Duration.ofMillis(20))
                    .failFast(() -> !process.isAlive() && !reader.isAlive() && find(pattern).isEmpty())
                    .until(() -> find(pattern).isPresent());
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(name + " did not print /" + pattern + "/ within " + timeout
                    + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")") + "; output:\n" + text(), e);
        }
        return find(pattern).orElseThrow();
    }

    /** Waits for the process to exit and for its output to be read; returns the exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running after " + timeout + ":\n" + text());
        }
        reader.join(timeout.toMillis());
        return process.exitValue();
    }

    /** Kills the process if it still runs (SIGKILL, leaving the pipes open until its output is read). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.toHandle().destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
                reader.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
