package io.switchboard.router.session;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages waiting for a session, bounded in count and bytes. Confined to the session's executor; the
 * overflow policy is applied by the caller, which decides what to drop.
 */
final class OutboundQueue implements Iterable<PendingDelivery> {
    /** Starts at the smallest capacity: most sessions of a large fleet hold nothing most of the time. */
    private final ArrayDeque<PendingDelivery> entries = new ArrayDeque<>(1);
    private final LongAdder allQueues;
    private long bytes;
    /** Size and oldest entry's creation time, republished after every change for readers on other threads. */
    private volatile int visibleSize;
    private volatile long visibleOldestCreatedAt;

    /** @param allQueues the router-wide total every change of this queue's bytes is added to */
    OutboundQueue(LongAdder allQueues) {
        this.allQueues = allQueues;
    }

    private void changed(long delta) {
        bytes += delta;
        allQueues.add(delta);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    int size() {
        return entries.size();
    }

    long bytes() {
        return bytes;
    }

    /** True when one more entry of this size would break a limit. */
    boolean wouldOverflow(int entryBytes, int maxMessages, long maxBytes) {
        return entries.size() >= maxMessages || bytes + entryBytes > maxBytes;
    }

    void addLast(PendingDelivery d) {
        entries.addLast(d);
        changed(d.sizeEstimate());
        publish();
    }

    /** Puts an entry back at the head (a delivery that could not be sent after all). */
    void addFirst(PendingDelivery d) {
        entries.addFirst(d);
        changed(d.sizeEstimate());
        publish();
    }

    PendingDelivery peekFirst() {
        return entries.peekFirst();
    }

    PendingDelivery pollFirst() {
        PendingDelivery d = entries.pollFirst();
        if (d != null) {
            changed(-d.sizeEstimate());
            publish();
        }
        return d;
    }

    void clear() {
        entries.clear();
        changed(-bytes);
        publish();
    }

    /** The size as last published; safe to read from any thread. */
    int visibleSize() {
        return visibleSize;
    }

    /** Creation time of the oldest entry as last published, 0 when empty; safe to read from any thread. */
    long visibleOldestCreatedAt() {
        return visibleOldestCreatedAt;
    }

    private void publish() {
        PendingDelivery first = entries.peekFirst();
        visibleOldestCreatedAt = first == null ? 0 : first.message.createdAtMillis();
        visibleSize = entries.size();
    }

    /** Iteration supports {@link Iterator#remove()}, keeping the byte count right. */
    @Override
    public Iterator<PendingDelivery> iterator() {
        Iterator<PendingDelivery> it = entries.iterator();
        return new Iterator<>() {
            private PendingDelivery last;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public PendingDelivery next() {
                last = it.next();
                return last;
            }

            @Override
            public void remove() {
                it.remove();
                changed(-last.sizeEstimate());
                publish();
            }
        };
    }
}
