package io.switchboard.persistence;

import java.util.HashMap;
import java.util.Map;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.ObjectLongHashMap;
import org.mapdb.BTreeMap;

/**
 * Queue entries and message bodies written since the last checkpoint, held in memory in front of their MapDB
 * B-trees. The journal already makes them durable; the B-trees are only the checkpoint, so an entry written and
 * removed between two checkpoints (most of them: a message usually lives a few milliseconds) never touches a
 * B-tree, and neither does its body. {@link #flush()} writes what is still here into the B-trees: the checkpoint
 * calls it before the MapDB commit that records the journal position, and every scan of the B-trees calls it
 * first, so that scans see everything.
 *
 * <p>A key lives in exactly one place, here or in its B-tree: a put of a key the B-tree holds moves it here (so
 * the tree's copy is removed, which the flush puts back), and a remove of a key not held here is applied to the
 * tree directly. No tombstones are needed. Body ids are never reused, so a new body is never in the tree. Which
 * entry keys may be in the tree is tracked per client as the highest sequence the tree has held (sequences only
 * grow), so that the put of a new entry does not look the tree up. Confined to the writer thread.
 */
final class WriteOverlay {
    private record Key(String clientId, long sequence) {
    }

    private final BTreeMap<Object[], byte[]> entryTree;
    private final BTreeMap<Long, byte[]> bodyTree;
    private final Map<Key, byte[]> entries = new HashMap<>();
    private final LongObjectHashMap<byte[]> bodies = new LongObjectHashMap<>();
    /** Per client (or queue key), the highest sequence ever written to the entry tree; absent: none. */
    private final ObjectLongHashMap<String> treeHighest = new ObjectLongHashMap<>();

    WriteOverlay(BTreeMap<Object[], byte[]> entryTree, BTreeMap<Long, byte[]> bodyTree) {
        this.entryTree = entryTree;
        this.bodyTree = bodyTree;
    }

    /** Records that the entry tree holds this key (at open, for keys already in the file). */
    void noteTreeEntry(String clientId, long sequence) {
        if (!treeHighest.containsKey(clientId) || treeHighest.get(clientId) < sequence) {
            treeHighest.put(clientId, sequence);
        }
    }

    private boolean mayBeInTree(String clientId, long sequence) {
        return treeHighest.containsKey(clientId) && sequence <= treeHighest.get(clientId);
    }

    /** Stores the entry; returns the value it replaced (here or in the tree), or null. */
    byte[] putEntry(String clientId, long sequence, byte[] value) {
        byte[] prev = entries.put(new Key(clientId, sequence), value);
        if (prev == null && mayBeInTree(clientId, sequence)) {
            prev = entryTree.remove(new Object[] {clientId, sequence});
        }
        return prev;
    }

    /** Removes the entry; returns its value, or null if there was none. */
    byte[] removeEntry(String clientId, long sequence) {
        byte[] prev = entries.remove(new Key(clientId, sequence));
        if (prev == null && mayBeInTree(clientId, sequence)) {
            prev = entryTree.remove(new Object[] {clientId, sequence});
        }
        return prev;
    }

    /** Stores a new body (ids are never reused). */
    void putBody(long id, byte[] body) {
        bodies.put(id, body);
    }

    /** Removes a body; returns it, or null if there was none. */
    byte[] removeBody(long id) {
        byte[] body = bodies.remove(id);
        return body != null ? body : bodyTree.remove(id);
    }

    byte[] body(long id) {
        byte[] body = bodies.get(id);
        return body != null ? body : bodyTree.get(id);
    }

    /** Bodies stored, here and in the tree. */
    int bodyCount() {
        return bodies.size() + bodyTree.size();
    }

    /** Entries and bodies held here (not yet in the B-trees). */
    int size() {
        return entries.size() + bodies.size();
    }

    /** Writes everything held here into the B-trees (uncommitted, like every other change) and forgets it. */
    void flush() {
        if (entries.isEmpty() && bodies.isEmpty()) {
            return;
        }
        for (long id : bodies.keySet().toSortedArray()) {
            bodyTree.put(id, bodies.get(id));
        }
        for (Map.Entry<Key, byte[]> e : entries.entrySet()) {
            Key k = e.getKey();
            entryTree.put(new Object[] {k.clientId(), k.sequence()}, e.getValue());
            noteTreeEntry(k.clientId(), k.sequence());
        }
        clear();
    }

    /** Forgets everything held here (after a rollback: the store fails and is reopened from file and journal). */
    void clear() {
        entries.clear();
        bodies.clear();
    }
}
