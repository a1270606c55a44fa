package io.switchboard.persistence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Starts {@link StoreChild} in a fresh JVM on this test's class path. */
final class ChildProcess {
    private ChildProcess() {
    }

    static Process start(String mode, Path dir, Path stderr) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                StoreChild.class.getName(), mode, dir.toString()))
                .redirectError(stderr.toFile())
                .start();
    }

    static BufferedReader stdout(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }
}
