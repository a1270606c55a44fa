package io.switchboard.router;

import io.switchboard.router.api.Delivery;
import io.switchboard.router.api.DeliverySink;
import io.switchboard.router.api.DisconnectReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link DeliverySink} that records what the router sends, for tests to wait on. */
public final class RecordingSink implements DeliverySink {
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final BlockingQueue<Integer> releases = new LinkedBlockingQueue<>();
    private final BlockingQueue<DisconnectReason> closes = new LinkedBlockingQueue<>();

    @Override
    public void deliver(Delivery delivery) {
        deliveries.add(delivery);
    }

    @Override
    public void resendRelease(int deliveryId) {
        releases.add(deliveryId);
    }

    @Override
    public void close(DisconnectReason reason) {
        closes.add(reason);
    }

    public Delivery next() {
        return poll(deliveries, "delivery");
    }

    public List<Delivery> next(int n) {
        List<Delivery> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    public int nextRelease() {
        return poll(releases, "release");
    }

    public DisconnectReason nextClose() {
        return poll(closes, "close");
    }

    /** True when nothing more is delivered within the window (for negative checks, bounded). */
    public boolean quietFor(Duration window) throws InterruptedException {
        return deliveries.poll(window.toMillis(), TimeUnit.MILLISECONDS) == null;
    }

    public int pendingDeliveries() {
        return deliveries.size();
    }

    private static <T> T poll(BlockingQueue<T> queue, String what) {
        try {
            T value = queue.poll(5, TimeUnit.SECONDS);
            if (value == null) {
                throw new AssertionError("no " + what + " within 5 s");
            }
            return value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
