package io.switchboard.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency in microseconds, recorded without locks: each event-loop thread records into its own
 * histogram; {@link #merged} adds them up once the loops have stopped. Only messages sent inside the
 * measured window count.
 */
public final class LatencyRecorder {
    static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(120);

    private final List<Histogram> all = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Histogram> local = ThreadLocal.withInitial(this::newHistogram);
    private volatile long windowStartNanos;
    private volatile long windowEndNanos;
    private volatile boolean open;

    /** Sets the measured window before any message is sent: only messages sent inside it are recorded. */
    public void window(long startNanos, long endNanos) {
        this.windowStartNanos = startNanos;
        this.windowEndNanos = endNanos;
        this.open = true;
    }

    /** Records the delivery of a message sent at {@code sendNanos}, received at {@code nowNanos}. */
    public void record(long sendNanos, long nowNanos) {
        if (!open || sendNanos - windowStartNanos < 0 || sendNanos - windowEndNanos >= 0) {
            return;
        }
        long micros = Math.max(0, (nowNanos - sendNanos) / 1000);
        local.get().recordValue(Math.min(micros, MAX_MICROS));
    }

    /** The sum of every thread's histogram; call after the recording threads have stopped. */
    public Histogram merged() {
        Histogram sum = newHistogramDetached();
        for (Histogram h : all) {
            sum.add(h);
        }
        return sum;
    }

    private Histogram newHistogram() {
        Histogram h = newHistogramDetached();
        all.add(h);
        return h;
    }

    private static Histogram newHistogramDetached() {
        return new Histogram(1, MAX_MICROS, 3);
    }
}
