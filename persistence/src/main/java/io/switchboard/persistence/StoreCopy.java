package io.switchboard.persistence;

import java.util.Iterator;
import java.util.Map;
import java.util.function.BiPredicate;
import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;
import org.mapdb.BTreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the live records of one store file into another: used by rotation (a healthy source) and by
 * salvage (a damaged source, where every record is verified and a map that stops reading is cut short).
 * Only bodies that a copied queue entry or retained topic references are copied, under the same ids.
 */
final class StoreCopy {
    private static final Logger LOG = LoggerFactory.getLogger(StoreCopy.class);
    private static final int COMMIT_EVERY = 20_000;

    /** Records copied and records skipped because they did not read. */
    record Counts(long sessions, long entries, long inbound, long retained, long bodies, long skipped) {
        @Override
        public String toString() {
            return "sessions=" + sessions + " entries=" + entries + " inboundQos2=" + inbound + " retained="
                    + retained + " bodies=" + bodies + " skipped=" + skipped;
        }
    }

    private final StoreState from;
    private final StoreState to;
    private final boolean tolerant;
    private final LongHashSet neededBodies = new LongHashSet();
    private long uncommitted;
    private long skipped;

    private StoreCopy(StoreState from, StoreState to, boolean tolerant) {
        this.from = from;
        this.to = to;
        this.tolerant = tolerant;
    }

    static Counts copy(StoreState from, StoreState to, boolean tolerant) {
        return new StoreCopy(from, to, tolerant).run();
    }

    private Counts run() {
        from.overlay.flush();
        copyMap("meta", from.meta, to.meta, (k, v) -> true);
        long sessions = copyMap("sessions", from.sessions, to.sessions, (k, v) -> {
            RecordCodec.decodeSession(v);
            return true;
        });
        long entries = copyMap("entries", from.entries, to.entries, (k, v) -> keepReference(
                RecordCodec.decodeEntry(v).messageId()));
        long inbound = copyMap("inboundQos2", from.inbound, to.inbound, (k, v) -> true);
        copyMap("queues", from.queues, to.queues, (k, v) -> {
            RecordCodec.decodeQueue(v);
            return true;
        });
        long retained = copyMap("retained", from.retained, to.retained, (k, v) -> keepReference(v));
        long bodies = 0;
        for (long id : neededBodies.toSortedArray()) {
            to.bodies.put(id, from.bodies.get(id));
            bodies++;
            tick();
        }
        to.commit();
        return new Counts(sessions, entries, inbound, retained, bodies, skipped);
    }

    /** In salvage, a reference is kept only when its body reads and verifies. */
    private boolean keepReference(long messageId) {
        if (tolerant && !neededBodies.contains(messageId)) {
            MessageCodec.decode(from.bodies.get(messageId));
        }
        neededBodies.add(messageId);
        return true;
    }

    private <K, V> long copyMap(String name, BTreeMap<K, V> source, BTreeMap<K, V> target,
                                BiPredicate<K, V> check) {
        long copied = 0;
        Iterator<Map.Entry<K, V>> it = source.entrySet().iterator();
        while (true) {
            Map.Entry<K, V> e;
            try {
                if (!it.hasNext()) {
                    break;
                }
                e = it.next();
            } catch (RuntimeException ex) {
                if (!tolerant) {
                    throw ex;
                }
                LOG.warn("store.salvage-map-cut map={} copied={} cause={}", name, copied, ex.toString());
                break;
            }
            try {
                if (!check.test(e.getKey(), e.getValue())) {
                    continue;
                }
            } catch (RuntimeException ex) {
                if (!tolerant) {
                    throw ex;
                }
                skipped++;
                continue;
            }
            target.put(e.getKey(), e.getValue());
            copied++;
            tick();
        }
        return copied;
    }

    private void tick() {
        if (++uncommitted >= COMMIT_EVERY) {
            to.commit();
            uncommitted = 0;
        }
    }
}
