package io.switchboard.router.topic;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Open-addressing hash table of entries keyed by a string, for the router's level indexes: one writer at a
 * time (the owner serializes writes, e.g. under its lock), any number of lock-free readers. Readers look
 * entries up by a region of a larger string, so that walking a topic's levels never cuts it into substrings,
 * and iterate the slots without allocating.
 *
 * <p>A reader sees, for each key, either the state before or after a concurrent write; an entry present for
 * the whole duration of a read is always seen. Removed slots hold a marker until the next rehash; a rehash
 * builds a new array and publishes it, leaving the old one untouched for readers still walking it.
 *
 * <p>Internal to the router (used by the topic tree and the retained index); not an adapter API.
 *
 * @param <E> the entry type
 */
public final class ReadMostlyTable<E extends ReadMostlyTable.Entry> {

    /** Something stored in a table, with its key fixed at construction. */
    public abstract static class Entry {
        private final String key;
        private final int hash;

        protected Entry(String key) {
            this.key = key;
            this.hash = key.hashCode();
        }

        public final String key() {
            return key;
        }
    }

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final Object REMOVED = new Object();
    private static final int MIN_CAPACITY = 2;

    private volatile Object[] slots = new Object[MIN_CAPACITY];
    /** Live entries; written by the writer only. */
    private int size;
    /** Live entries plus removal markers; written by the writer only. */
    private int used;

    /** Same value as {@code s.substring(from, to).hashCode()}, without the substring. */
    public static int hash(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    /** Lock-free lookup by a whole key. */
    public E get(String key) {
        return get(key, 0, key.length(), key.hashCode());
    }

    /** Lock-free lookup by the key {@code s[from, to)} whose {@link #hash} is {@code hash}. */
    @SuppressWarnings("unchecked")
    public E get(String s, int from, int to, int hash) {
        Object[] table = slots;
        int mask = table.length - 1;
        int length = to - from;
        int i = spread(hash) & mask;
        for (int probes = 0; probes <= mask; probes++) {
            Object o = SLOT.getAcquire(table, i);
            if (o == null) {
                return null;
            }
            if (o != REMOVED) {
                Entry e = (Entry) o;
                if (e.hash == hash && e.key.length() == length && e.key.regionMatches(0, s, from, length)) {
                    return (E) e;
                }
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** The current slot array, for lock-free iteration with {@link #entryAt}. Do not modify it. */
    public Object[] slots() {
        return slots;
    }

    /** The entry in slot {@code i} of an array from {@link #slots()}, or null when the slot is free. */
    @SuppressWarnings("unchecked")
    public static <E extends Entry> E entryAt(Object[] slots, int i) {
        Object o = SLOT.getAcquire(slots, i);
        return o instanceof Entry ? (E) o : null;
    }

    /** Number of entries; exact for the writer, a hint for readers. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Writer only: adds the entry or replaces the one with the same key; returns the replaced one or null. */
    @SuppressWarnings("unchecked")
    public E put(E entry) {
        Object[] table = slots;
        int mask = table.length - 1;
        int i = spread(((Entry) entry).hash) & mask;
        int free = -1;
        for (int probes = 0; probes <= mask; probes++) {
            Object o = table[i];
            if (o == null) {
                if (free < 0) {
                    free = i;
                }
                break;
            }
            if (o == REMOVED) {
                if (free < 0) {
                    free = i;
                }
            } else if (sameKey((Entry) o, entry)) {
                SLOT.setRelease(table, i, entry);
                return (E) o;
            }
            i = (i + 1) & mask;
        }
        if (free >= 0 && table[free] == REMOVED) {
            SLOT.setRelease(table, free, entry);
            size++;
            return null;
        }
        if (free < 0 || (used + 1) > table.length * 3 / 4) {
            rehash(capacityFor(size + 1 + (size + 1) / 2), entry);
        } else {
            SLOT.setRelease(table, free, entry);
            used++;
        }
        size++;
        return null;
    }

    /** Writer only: removes the entry with this key; returns it or null. */
    @SuppressWarnings("unchecked")
    public E remove(String key) {
        Object[] table = slots;
        int mask = table.length - 1;
        int hash = key.hashCode();
        int i = spread(hash) & mask;
        for (int probes = 0; probes <= mask; probes++) {
            Object o = table[i];
            if (o == null) {
                return null;
            }
            if (o != REMOVED && ((Entry) o).hash == hash && ((Entry) o).key.equals(key)) {
                SLOT.setRelease(table, i, REMOVED);
                size--;
                if (size == 0) {
                    used = 0;
                    slots = new Object[MIN_CAPACITY];
                } else if (size * 8 < table.length) {
                    rehash(capacityFor(size + 1 + size / 2), null);
                }
                return (E) o;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private void rehash(int capacity, E extra) {
        Object[] old = slots;
        Object[] table = new Object[capacity];
        int mask = capacity - 1;
        int count = 0;
        for (Object o : old) {
            if (o != null && o != REMOVED) {
                insertFresh(table, mask, (Entry) o);
                count++;
            }
        }
        if (extra != null) {
            insertFresh(table, mask, extra);
            count++;
        }
        used = count;
        slots = table;
    }

    private static void insertFresh(Object[] table, int mask, Entry e) {
        int i = spread(e.hash) & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = e;
    }

    private static int capacityFor(int entries) {
        int capacity = MIN_CAPACITY;
        while (capacity * 3 / 4 < entries) {
            capacity <<= 1;
        }
        return capacity;
    }

    private static boolean sameKey(Entry a, Entry b) {
        return a.hash == b.hash && a.key.equals(b.key);
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
