package io.switchboard.router.topic;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The members of one share group {@code (name, filter)}: each matching message goes to one member, chosen
 * round-robin over the connected members, or over all members when none is connected.
 */
final class ShareGroup extends ReadMostlyTable.Entry {
    private static final VarHandle CURSOR;

    static {
        try {
            CURSOR = MethodHandles.lookup().findVarHandle(ShareGroup.class, "cursor", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The raw filter every member subscribed with, e.g. {@code $share/g/a/+}. */
    final String rawFilter;
    final ReadMostlyTable<Subscription> members = new ReadMostlyTable<>();
    /** Slot index of the last member picked; the next pick starts after it. */
    @SuppressWarnings("unused")
    private volatile int cursor = -1;

    ShareGroup(String name, String rawFilter) {
        super(name);
        this.rawFilter = rawFilter;
    }

    /**
     * The next member in round-robin order other than {@code excludeId} (null: exclude nobody), connected ones
     * first; null when the group has no other member. Lock-free and allocation-free.
     */
    Subscription pick(String excludeId) {
        while (true) {
            int last = (int) CURSOR.getVolatile(this);
            Object[] slots = members.slots();
            int index = next(slots, last, excludeId, true);
            if (index < 0) {
                index = next(slots, last, excludeId, false);
                if (index < 0) {
                    return null;
                }
            }
            Subscription chosen = ReadMostlyTable.entryAt(slots, index);
            if (chosen != null && CURSOR.compareAndSet(this, last, index)) {
                return chosen;
            }
        }
    }

    private static int next(Object[] slots, int last, String excludeId, boolean connectedOnly) {
        int n = slots.length;
        int mask = n - 1;
        for (int k = 1; k <= n; k++) {
            int i = (last + k) & mask;
            Subscription s = ReadMostlyTable.entryAt(slots, i);
            if (s != null && (!connectedOnly || s.subscriber.isConnected())
                    && (excludeId == null || !excludeId.equals(s.key()))) {
                return i;
            }
        }
        return -1;
    }
}
