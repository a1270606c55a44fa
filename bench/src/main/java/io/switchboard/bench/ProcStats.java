package io.switchboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, read from Linux's /proc. */
public final class ProcStats {
    private static final long CLOCK_TICKS = clockTicks();

    private ProcStats() {
    }

    /** utime + stime of the process in seconds, or -1 when it cannot be read. */
    public static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return (double) ticks / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Open file descriptors of the process (sockets included), or -1 when they cannot be listed. */
    public static int openFiles(long pid) {
        if (pid <= 0) {
            return -1;
        }
        String[] fds = new java.io.File("/proc/" + pid + "/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** Polls until the process has at most {@code max} open files, or the deadline passes; true when reached. */
    public static boolean awaitOpenFilesAtMost(long pid, int max, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            int open = openFiles(pid);
            if (open >= 0 && open <= max) {
                return true;
            }
            if (open < 0 || System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(50); // polling a /proc listing with a deadline (a tool, not a test)
        }
    }

    /** VmRSS of the process in KiB, or -1 when it cannot be read. */
    public static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Kernel memory that grows with sockets, in bytes: slab objects ({@code Slab} in /proc/meminfo: socket,
     * inode, dentry, file structures) plus TCP buffers ({@code mem} pages of {@code TCP:} in /proc/net/sockstat);
     * -1 when it cannot be read. Machine-wide: client and server sockets are counted together, and so is
     * whatever else the machine does meanwhile.
     */
    public static long kernelSocketMemoryBytes() {
        long tcp = tcpBufferBytes();
        long slab = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Slab:")) {
                    slab = Long.parseLong(line.substring(5).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return tcp < 0 || slab < 0 ? -1 : tcp + slab;
    }

    private static long tcpBufferBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/sockstat"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("TCP:")) {
                    String[] f = line.trim().split("\\s+");
                    for (int i = 1; i + 1 < f.length; i++) {
                        if (f[i].equals("mem")) {
                            return Long.parseLong(f[i + 1]) * 4096;
                        }
                    }
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            try (InputStream in = p.getInputStream()) {
                String out = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
                p.waitFor();
                return Long.parseLong(out);
            }
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
