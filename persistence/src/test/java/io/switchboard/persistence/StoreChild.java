package io.switchboard.persistence;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.Qos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * A second JVM for the multi-process tests. {@code hold DIR}: open the store, print {@code OPEN <pid>}, keep it
 * open until stdin closes. {@code write DIR}: write forever and print {@code SYNCED <seq>} each time a
 * {@code sync()} covering sequence {@code seq} completes; it is meant to be killed with {@code kill -9}.
 * {@code write-journal-only DIR}: the same with no checkpoint after the one at open, so that everything
 * acknowledged is only in the journal when the process dies. {@code churn DIR}: the same with 2 KB payloads, keeping only the last {@link #CHURN_KEPT} entries and
 * rotation thresholds so low that the file is rotated every few megabytes. {@code overlay DIR}: no checkpoint after
 * the one at open; removes the even sequences of {@link #OLD} (checkpointed by the test before), replaces its
 * sequence 1, then writes {@link #CLIENT} and removes each even sequence right after writing it.
 */
public final class StoreChild {
    static final String CLIENT = "crash";
    static final String MIRROR = "mirror";
    static final String OLD = "old";

    private StoreChild() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "hold" -> hold(dir);
            case "write" -> write(dir, StoreSettings.defaults(dir));
            case "write-journal-only" -> write(dir,
                    StoreSettings.defaults(dir).withCheckpointInterval(java.time.Duration.ofHours(1)));
            case "churn" -> churn(dir);
            case "overlay" -> overlay(dir);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void hold(Path dir) throws IOException {
        try (MapDbStore store = MapDbStore.open(StoreSettings.defaults(dir))) {
            System.out.println("OPEN " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                store.stats();
            }
        }
    }

    static final int CHURN_KEPT = 100;

    static Message churnMessage(long seq) {
        byte[] payload = new byte[2048];
        Arrays.fill(payload, (byte) seq);
        return Message.builder("churn", payload).qos(Qos.AT_LEAST_ONCE).build();
    }

    private static void churn(Path dir) {
        // A checkpoint after every batch, as before the journal: rotation (after a checkpoint) stays frequent.
        MapDbStore store = MapDbStore.open(StoreSettings.defaults(dir).withRotation(1 << 20, 2.0)
                .withCheckpointInterval(java.time.Duration.ZERO));
        ArrayDeque<CompletableFuture<Void>> outstanding = new ArrayDeque<>();
        for (long seq = 1; ; seq++) {
            store.putDelivery(CLIENT, Fixtures.queued(seq, churnMessage(seq)));
            if (seq > CHURN_KEPT) {
                store.removeDelivery(CLIENT, seq - CHURN_KEPT);
            }
            long covered = seq;
            outstanding.add(store.sync().thenRun(() -> {
                System.out.println("SYNCED " + covered + " rotations=" + store.stats().rotations());
                System.out.flush();
            }));
            if (outstanding.size() > 200) {
                outstanding.poll().join();
            }
        }
    }

    static Message replacement() {
        return Message.builder("old/replaced", "replaced".getBytes(StandardCharsets.UTF_8)).qos(Qos.AT_LEAST_ONCE)
                .build();
    }

    private static void overlay(Path dir) {
        MapDbStore store = MapDbStore.open(StoreSettings.defaults(dir).withCheckpointInterval(
                java.time.Duration.ofHours(1)));
        for (long seq = 2; seq <= WriteOverlayTest.OLD_ENTRIES; seq += 2) {
            store.removeDelivery(OLD, seq);
        }
        store.putDelivery(OLD, Fixtures.queued(1, replacement()));
        ArrayDeque<CompletableFuture<Void>> outstanding = new ArrayDeque<>();
        for (long seq = 1; ; seq++) {
            store.putDelivery(CLIENT, Fixtures.queued(seq, messageFor(seq)));
            if (seq % 2 == 0) {
                store.removeDelivery(CLIENT, seq);
            }
            if (seq % 5 == 0) {
                long covered = seq;
                outstanding.add(store.sync().thenRun(() -> {
                    System.out.println("SYNCED " + covered);
                    System.out.flush();
                }));
                if (outstanding.size() > 50) {
                    outstanding.poll().join();
                }
            }
        }
    }

    static Message messageFor(long seq) {
        return Message.builder("crash/" + (seq % 10), ("payload-" + seq).getBytes(StandardCharsets.UTF_8))
                .qos(Qos.EXACTLY_ONCE).publisherId("p").build();
    }

    private static void write(Path dir, StoreSettings settings) {
        MapDbStore store = MapDbStore.open(settings);
        ArrayDeque<CompletableFuture<Void>> outstanding = new ArrayDeque<>();
        for (long seq = 1; ; seq++) {
            Message m = messageFor(seq);
            store.putDelivery(CLIENT, Fixtures.queued(seq, m));
            store.putDelivery(MIRROR, Fixtures.queued(seq, m));
            store.addInboundQos2(CLIENT, (int) (seq % 65535) + 1);
            if (seq % 3 == 0) {
                store.retainedStore().put(m);
            }
            if (seq % 5 == 0) {
                long covered = seq;
                outstanding.add(store.sync().thenRun(() -> {
                    System.out.println("SYNCED " + covered);
                    System.out.flush();
                }));
                if (outstanding.size() > 50) {
                    outstanding.poll().join();
                }
            }
        }
    }
}
