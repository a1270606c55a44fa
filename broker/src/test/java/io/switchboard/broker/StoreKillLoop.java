package io.switchboard.broker;

import io.switchboard.persistence.MapDbStore;
import io.switchboard.persistence.StoreSettings;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.spi.SessionRecord;
import io.switchboard.router.spi.StoredDelivery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Diagnostic, not a test: kills a child JVM that writes to a {@link MapDbStore} with SIGKILL at random
 * moments and reopens the store each time, to find kill moments after which the store does not open. A
 * failing directory is copied to {@code EVIDENCE/<round>} and the cause's stack trace printed.
 *
 * <p>Arguments: rounds seed evidenceDir. The child mode ({@code child DIR}) is started by the parent.
 */
public final class StoreKillLoop {
    private StoreKillLoop() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("child")) {
            child(Path.of(args[1]));
            return;
        }
        int rounds = Integer.parseInt(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        Path evidence = Path.of(args[2]);
        Path dir = Files.createTempDirectory("sb-kill-loop");
        int failures = 0;
        for (int round = 1; round <= rounds; round++) {
            long delay = 50 + random.nextInt(1_500);
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), StoreKillLoop.class.getName(), "child",
                    dir.toString()).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null && !line.startsWith("SYNCED"); line = out.readLine()) {
                continue;
            }
            long killAt = System.currentTimeMillis() + delay;
            while (System.currentTimeMillis() < killAt && out.readLine() != null) {
                continue;
            }
            child.toHandle().destroyForcibly();
            child.waitFor();
            try (MapDbStore store = MapDbStore.open(StoreSettings.defaults(dir))) {
                System.out.printf("round %d: kill after %d ms, reopened, file %d bytes%n", round, delay,
                        store.stats().fileBytes());
            } catch (RuntimeException e) {
                failures++;
                Path kept = evidence.resolve(Integer.toString(round));
                Files.createDirectories(kept);
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.copy(f, kept.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                System.out.printf("round %d: kill after %d ms, REOPEN FAILED (kept in %s): %s%n", round, delay,
                        kept, e);
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                root.printStackTrace(System.out);
                return;
            }
        }
        System.out.printf("%d rounds, %d failures%n", rounds, failures);
    }

    /**
     * The broker's mix of writes: queues 1 KiB QoS 1 messages for one session, overwrites three retained
     * topics, adds and removes inbound QoS 2 packet ids, re-saves the session and removes old entries; prints
     * SYNCED after each commit of 200 messages.
     */
    private static void child(Path dir) {
        MapDbStore store = MapDbStore.open(StoreSettings.defaults(dir));
        SessionRecord session = new SessionRecord("kill-loop", 86_400, System.currentTimeMillis(),
                Map.of("#", SubscriptionOptions.of(Qos.AT_LEAST_ONCE)), null);
        store.saveSession(session);
        Random random = new Random();
        long base = System.nanoTime();
        for (long seq = 1; ; seq++) {
            byte[] payload = new byte[200 + random.nextInt(1_600)];
            Message m = Message.builder("kill/loop", payload).qos(Qos.AT_LEAST_ONCE).build();
            store.putDelivery("kill-loop", new StoredDelivery(base + seq, m, Qos.AT_LEAST_ONCE, false, new int[0],
                    null, null, 0, false));
            if (seq > 500 && random.nextBoolean()) {
                store.removeDelivery("kill-loop", base + seq - 500);
            }
            store.retainedStore().put(Message.builder("retained/" + seq % 3, payload).qos(Qos.AT_LEAST_ONCE)
                    .retain(true).build());
            int packetId = (int) (seq % 65_535) + 1;
            store.addInboundQos2("kill-loop", packetId);
            if (seq > 10) {
                store.removeInboundQos2("kill-loop", (int) ((seq - 10) % 65_535) + 1);
            }
            if (seq % 200 == 0) {
                store.saveSession(session);
                store.sync().join();
                System.out.println("SYNCED " + seq);
            }
        }
    }
}
