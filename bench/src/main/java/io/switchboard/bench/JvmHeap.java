package io.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The live heap of a broker that runs on a JVM (Switchboard, Artemis), read with {@code jcmd PID
 * GC.class_histogram}: a full collection, then the total of what is still reachable. It separates what
 * connections really keep from the young-generation pages a connect storm touches, which RSS counts too.
 */
final class JvmHeap {
    private JvmHeap() {
    }

    /** Live heap bytes, or -1 when the process is not a JVM or jcmd fails. Forces a full GC in the broker. */
    static long liveBytes(long pid) {
        if (pid <= 0 || !isJvm(pid)) {
            return -1;
        }
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return -1;
            }
            for (String line : out.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 3 && f[0].equals("Total")) {
                    return Long.parseLong(f[2]);
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean isJvm(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).toString().contains("java");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
