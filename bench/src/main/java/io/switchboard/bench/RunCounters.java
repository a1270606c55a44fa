package io.switchboard.bench;

import java.util.concurrent.atomic.LongAdder;

/** Totals shared by every connection of a run; the main thread samples them at the window edges. */
public final class RunCounters {
    public final LongAdder sent = new LongAdder();
    public final LongAdder acked = new LongAdder();
    public final LongAdder delivered = new LongAdder();
    public final LongAdder errors = new LongAdder();

    /** A point-in-time copy. */
    public Snapshot snapshot() {
        return new Snapshot(sent.sum(), acked.sum(), delivered.sum());
    }

    public record Snapshot(long sent, long acked, long delivered) {
    }
}
