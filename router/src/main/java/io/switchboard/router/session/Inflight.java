package io.switchboard.router.session;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Outbound QoS 1/2 deliveries sent and not yet completed, in send order, keyed by delivery id (the MQTT
 * packet identifier, 1..65535). Allocation-free per message: an open-addressing table indexed by id (ids are
 * handed out in sequence, so {@code id & mask} spreads them perfectly) and a list threaded through the
 * deliveries themselves for the send order. Confined to the session's executor.
 */
final class Inflight implements Iterable<PendingDelivery> {
    private static final int MAX_ID = 65_535;
    private static final int INITIAL_CAPACITY = 16;

    /** Created on first use: an idle connection of a large fleet has nothing in flight. */
    private PendingDelivery[] table;
    private int size;
    private PendingDelivery head;
    private PendingDelivery tail;
    private int lastId;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Assigns a free id to the delivery and records it; the caller ensures size() < 65535. */
    void add(PendingDelivery d) {
        int id = lastId;
        do {
            id = id == MAX_ID ? 1 : id + 1;
        } while (get(id) != null);
        lastId = id;
        d.deliveryId = id;
        insert(d);
    }

    /** Re-registers a delivery restored from the store with the id it had. */
    void restore(PendingDelivery d) {
        insert(d);
        lastId = Math.max(lastId, d.deliveryId);
    }

    PendingDelivery get(int id) {
        PendingDelivery[] t = table;
        if (t == null) {
            return null;
        }
        int mask = t.length - 1;
        for (int i = id & mask; ; i = (i + 1) & mask) {
            PendingDelivery e = t[i];
            if (e == null || e.deliveryId == id) {
                return e;
            }
        }
    }

    PendingDelivery remove(int id) {
        PendingDelivery[] t = table;
        if (t == null) {
            return null;
        }
        int mask = t.length - 1;
        int i = id & mask;
        PendingDelivery found;
        while ((found = t[i]) != null && found.deliveryId != id) {
            i = (i + 1) & mask;
        }
        if (found == null) {
            return null;
        }
        deleteSlot(t, i);
        unlink(found);
        size--;
        return found;
    }

    /** Deliveries in the order they were sent; the iterator supports {@link Iterator#remove()}. */
    @Override
    public Iterator<PendingDelivery> iterator() {
        return new Iterator<>() {
            private PendingDelivery next = head;
            private PendingDelivery last;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public PendingDelivery next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                last = next;
                next = next.nextInflight;
                return last;
            }

            @Override
            public void remove() {
                if (last == null) {
                    throw new IllegalStateException();
                }
                Inflight.this.remove(last.deliveryId);
                last = null;
            }
        };
    }

    void clear() {
        table = null;
        head = null;
        tail = null;
        size = 0;
    }

    private void insert(PendingDelivery d) {
        if (table == null) {
            table = new PendingDelivery[INITIAL_CAPACITY];
        } else if ((size + 1) * 2 > table.length) {
            rehash(table.length * 2);
        }
        place(table, d);
        d.prevInflight = tail;
        d.nextInflight = null;
        if (tail == null) {
            head = d;
        } else {
            tail.nextInflight = d;
        }
        tail = d;
        size++;
    }

    private static void place(PendingDelivery[] t, PendingDelivery d) {
        int mask = t.length - 1;
        int i = d.deliveryId & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = d;
    }

    private void rehash(int capacity) {
        PendingDelivery[] bigger = new PendingDelivery[capacity];
        for (PendingDelivery e : table) {
            if (e != null) {
                place(bigger, e);
            }
        }
        table = bigger;
    }

    /** Linear-probing deletion by backward shift: later entries of the same run move up, no tombstones. */
    private static void deleteSlot(PendingDelivery[] t, int slot) {
        int mask = t.length - 1;
        int hole = slot;
        t[hole] = null;
        for (int j = (hole + 1) & mask; t[j] != null; j = (j + 1) & mask) {
            int home = t[j].deliveryId & mask;
            // Move the entry into the hole unless its home lies cyclically in (hole, j].
            boolean homeBetween = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!homeBetween) {
                t[hole] = t[j];
                t[j] = null;
                hole = j;
            }
        }
    }

    private void unlink(PendingDelivery d) {
        PendingDelivery prev = d.prevInflight;
        PendingDelivery next = d.nextInflight;
        if (prev == null) {
            head = next;
        } else {
            prev.nextInflight = next;
        }
        if (next == null) {
            tail = prev;
        } else {
            next.prevInflight = prev;
        }
        d.prevInflight = null;
        d.nextInflight = null;
    }
}
