package io.switchboard.persistence;

import io.switchboard.router.api.Message;
import io.switchboard.router.spi.SessionRecord;
import io.switchboard.router.spi.StoredDelivery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.mapdb.serializer.SerializerArrayTuple;

/**
 * The store's maps in one MapDB file and the in-memory indexes over them. Confined to the writer thread
 * (or to the opener before the writer starts): nothing here is thread-safe.
 *
 * <p>Message bodies live once in {@code bodies} under a message id; queue entries and retained topics hold
 * that id. Reference counts are kept in memory (rebuilt by {@link #verifyAndIndex()} at open), so a body
 * is deleted in the same commit as its last reference. Entries and bodies written since the last checkpoint are
 * held in a {@link WriteOverlay} and reach their B-trees only at the checkpoint (or before a scan of them).
 */
final class StoreState implements AutoCloseable {
    static final String FORMAT_KEY = "format.version";
    static final String FORMAT_VERSION = "2";
    /** Format 1 (no journal) is read and restamped as 2 at the first checkpoint. */
    static final String FORMAT_VERSION_1 = "1";
    /** In {@code meta}: the sequence of the last journal record this file (a checkpoint) covers. */
    static final String JOURNAL_KEY = "journal.sequence";
    /** Rough per-record bookkeeping of MapDB counted in {@link #liveBytes()}, besides the encoded value. */
    static final int RECORD_OVERHEAD = 48;

    final Path file;
    final DB db;
    final RedoVolume volume;
    final BTreeMap<String, String> meta;
    final BTreeMap<Long, byte[]> bodies;
    final BTreeMap<Object[], byte[]> entries;
    final BTreeMap<String, byte[]> sessions;
    final BTreeMap<Object[], Boolean> inbound;
    final BTreeMap<String, Long> retained;
    final BTreeMap<String, byte[]> queues;
    /** Entries and bodies written since the last checkpoint; read and write them only through it. */
    final WriteOverlay overlay;

    private final LongIntHashMap refs = new LongIntHashMap();
    private final LongLongHashMap expiresAt = new LongLongHashMap();
    private final Map<Message, Long> idByMessage = new IdentityHashMap<>();
    private final LongObjectHashMap<Message> messageById = new LongObjectHashMap<>();
    private long nextMessageId = 1;
    private long liveBytes;
    /** Where every map change is also recorded, once the writer runs (null at open, in copies and replay). */
    private JournalBatch log;

    @SuppressWarnings("unchecked")
    private StoreState(Path file, DB db, RedoVolume volume) {
        this.file = file;
        this.db = db;
        this.volume = volume;
        SerializerArrayTuple clientAndSequence = new SerializerArrayTuple(Serializer.STRING, Serializer.LONG);
        SerializerArrayTuple clientAndPacket = new SerializerArrayTuple(Serializer.STRING, Serializer.INTEGER);
        meta = db.treeMap("meta", Serializer.STRING, Serializer.STRING).createOrOpen();
        bodies = db.treeMap("bodies", Serializer.LONG, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable()
                .createOrOpen();
        entries = db.treeMap("entries", clientAndSequence, Serializer.BYTE_ARRAY).createOrOpen();
        sessions = db.treeMap("sessions", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        inbound = db.treeMap("inboundQos2", clientAndPacket, Serializer.BOOLEAN).createOrOpen();
        retained = db.treeMap("retained", Serializer.STRING, Serializer.LONG).createOrOpen();
        queues = db.treeMap("queues", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        overlay = new WriteOverlay(entries, bodies);
    }

    /**
     * Opens (or creates) the MapDB file. MapDB's own transactions are off: its {@code StoreWAL} does not replay
     * its WAL at open, so a process killed inside a commit left a half-written file (the rotation-churn crash
     * test found it). Instead the file sits on a {@link RedoVolume}, which holds every change in memory until
     * {@link #commit()} and then applies it through a redo file, so a commit reaches the file whole or not at
     * all. MapDB's file lock is off too: {@code switchboard.lock} already guards the directory.
     */
    static StoreState open(Path file) {
        boolean exists = java.nio.file.Files.exists(file);
        RedoVolume volume = RedoVolume.open(file);
        DB db;
        try {
            db = DBMaker.volumeDB(volume, exists).make();
        } catch (RuntimeException e) {
            volume.close();
            throw e;
        }
        try {
            return new StoreState(file, db, volume);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Drops every change since the last commit (MapDB's direct store has no rollback of its own). */
    void rollback() {
        overlay.clear();
        volume.discard();
    }

    void attachJournal(JournalBatch batch) {
        this.log = batch;
    }

    /** The last journal sequence this file covers (0 for a file that never had a journal). */
    long checkpointSequence() {
        String value = meta.get(JOURNAL_KEY);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** Commits the file, overlay included, as the checkpoint of every journal record up to {@code lastSequence}. */
    void checkpoint(long lastSequence) {
        meta.put(JOURNAL_KEY, Long.toString(lastSequence));
        meta.put(FORMAT_KEY, FORMAT_VERSION);
        commit();
    }

    /** Page copies not yet in the file: what the next checkpoint writes. */
    int dirtyPages() {
        return volume.dirtyPages();
    }

    long liveBytes() {
        return liveBytes;
    }

    long messageCount() {
        return refs.size();
    }

    /** Commits the file, the overlay included. */
    void commit() {
        overlay.flush();
        db.commit();
    }

    @Override
    public void close() {
        if (!db.isClosed()) {
            db.close();
        }
    }

    // ---- start-up ----

    /**
     * Decodes every record (checksums included), rebuilds reference counts and expiry times, deletes bodies
     * nothing references, and fails with {@link CorruptRecordException} on the first record that does not
     * decode or on a reference to a missing body. Returns the number of orphan bodies deleted.
     */
    int verifyAndIndex() {
        refs.clear();
        expiresAt.clear();
        liveBytes = 0;
        overlay.flush();
        for (Map.Entry<String, byte[]> e : sessions.entrySet()) {
            RecordCodec.decodeSession(e.getValue());
            liveBytes += e.getValue().length + RECORD_OVERHEAD;
        }
        for (Map.Entry<String, byte[]> e : queues.entrySet()) {
            RecordCodec.decodeQueue(e.getValue());
            liveBytes += e.getValue().length + RECORD_OVERHEAD;
        }
        for (Map.Entry<Object[], byte[]> e : entries.entrySet()) {
            refs.addToValue(RecordCodec.decodeEntry(e.getValue()).messageId(), 1);
            overlay.noteTreeEntry((String) e.getKey()[0], (Long) e.getKey()[1]);
            liveBytes += e.getValue().length + RECORD_OVERHEAD;
        }
        for (Map.Entry<String, Long> e : retained.entrySet()) {
            refs.addToValue(e.getValue(), 1);
            liveBytes += RECORD_OVERHEAD;
        }
        liveBytes += (long) inbound.size() * RECORD_OVERHEAD;
        List<Long> orphans = new ArrayList<>();
        int found = 0;
        for (Map.Entry<Long, byte[]> e : bodies.entrySet()) {
            long id = e.getKey();
            Message m = MessageCodec.decode(e.getValue());
            if (!refs.containsKey(id)) {
                orphans.add(id);
                continue;
            }
            found++;
            liveBytes += e.getValue().length + RECORD_OVERHEAD;
            if (m.expires()) {
                expiresAt.put(id, m.expiresAtMillis());
            }
        }
        if (found != refs.size()) {
            throw new CorruptRecordException((refs.size() - found) + " message bodies referenced by queue entries "
                    + "or retained topics are missing");
        }
        for (Long id : orphans) {
            bodies.remove(id);
        }
        nextMessageId = bodies.isEmpty() ? 1 : bodies.lastKey() + 1;
        return orphans.size();
    }

    // ---- message bodies ----

    private long reference(Message m) {
        Long known = idByMessage.get(m);
        long id;
        if (known != null) {
            id = known;
        } else {
            id = nextMessageId++;
            byte[] body = MessageCodec.encode(m);
            overlay.putBody(id, body);
            if (log != null) {
                log.putBody(id, body);
            }
            liveBytes += body.length + RECORD_OVERHEAD;
            idByMessage.put(m, id);
            messageById.put(id, m);
            if (m.expires()) {
                expiresAt.put(id, m.expiresAtMillis());
            }
        }
        refs.addToValue(id, 1);
        return id;
    }

    private void release(long id) {
        if (refs.addToValue(id, -1) > 0) {
            return;
        }
        refs.remove(id);
        expiresAt.remove(id);
        byte[] body = overlay.removeBody(id);
        if (log != null) {
            log.removeBody(id);
        }
        if (body != null) {
            liveBytes -= body.length + RECORD_OVERHEAD;
        }
        Message m = messageById.remove(id);
        if (m != null) {
            idByMessage.remove(m);
        }
    }

    /** The live instance for a body id, decoding and registering it on first use so sessions share it. */
    private Message message(long id) {
        Message m = messageById.get(id);
        if (m == null) {
            m = MessageCodec.decode(overlay.body(id));
            messageById.put(id, m);
            idByMessage.put(m, id);
        }
        return m;
    }

    /** Takes over the live-instance index of the store this one was copied from (same body ids). */
    void adoptIdentities(StoreState old) {
        old.messageById.forEachKeyValue((id, m) -> {
            if (refs.containsKey(id)) {
                messageById.put(id, m);
                idByMessage.put(m, id);
            }
        });
    }

    /** How many entries and retained topics reference the body of this instance (0 if not stored). */
    int referenceCount(Message m) {
        Long id = idByMessage.get(m);
        return id == null ? 0 : refs.get(id);
    }

    // ---- sessions and queues ----

    void saveSession(SessionRecord record) {
        byte[] value = RecordCodec.encodeSession(record);
        byte[] prev = sessions.put(record.clientId(), value);
        if (log != null) {
            log.putSession(record.clientId(), value);
        }
        liveBytes += value.length - (prev == null ? -RECORD_OVERHEAD : prev.length);
    }

    void removeSession(String clientId) {
        byte[] prev = sessions.remove(clientId);
        if (prev != null) {
            liveBytes -= prev.length + RECORD_OVERHEAD;
            if (log != null) {
                log.removeSession(clientId);
            }
        }
        removeEntries(clientId);
        NavigableMap<Object[], Boolean> ids = inbound.prefixSubMap(new Object[] {clientId});
        for (Object[] key : new ArrayList<>(ids.keySet())) {
            inbound.remove(key);
            liveBytes -= RECORD_OVERHEAD;
            if (log != null) {
                log.removeInbound(clientId, (Integer) key[1]);
            }
        }
    }

    void putDelivery(String clientId, StoredDelivery d) {
        long id = reference(d.message());
        byte[] value = RecordCodec.encodeEntry(RecordCodec.Entry.of(id, d));
        byte[] prev = overlay.putEntry(clientId, d.sequence(), value);
        if (log != null) {
            log.putEntry(clientId, d.sequence(), value);
        }
        liveBytes += value.length + RECORD_OVERHEAD;
        if (prev != null) {
            liveBytes -= prev.length + RECORD_OVERHEAD;
            release(RecordCodec.decodeEntry(prev).messageId());
        }
    }

    /** Every entry of a session or queue (the overlay is flushed first, so that the tree's prefix scan sees all). */
    private void removeEntries(String owner) {
        overlay.flush();
        for (Object[] key : new ArrayList<>(entries.prefixSubMap(new Object[] {owner}).keySet())) {
            removeDelivery(owner, (Long) key[1]);
        }
    }

    void removeDelivery(String clientId, long sequence) {
        byte[] prev = overlay.removeEntry(clientId, sequence);
        if (prev != null) {
            if (log != null) {
                log.removeEntry(clientId, sequence);
            }
            liveBytes -= prev.length + RECORD_OVERHEAD;
            release(RecordCodec.decodeEntry(prev).messageId());
        }
    }

    void addInboundQos2(String clientId, int packetId) {
        if (inbound.put(new Object[] {clientId, packetId}, Boolean.TRUE) == null) {
            liveBytes += RECORD_OVERHEAD;
            if (log != null) {
                log.putInbound(clientId, packetId);
            }
        }
    }

    void removeInboundQos2(String clientId, int packetId) {
        if (inbound.remove(new Object[] {clientId, packetId}) != null) {
            liveBytes -= RECORD_OVERHEAD;
            if (log != null) {
                log.removeInbound(clientId, packetId);
            }
        }
    }

    List<SessionRecord> loadSessions() {
        List<SessionRecord> out = new ArrayList<>(sessions.size());
        for (byte[] value : sessions.values()) {
            out.add(RecordCodec.decodeSession(value));
        }
        return out;
    }

    List<StoredDelivery> loadDeliveries(String clientId) {
        List<StoredDelivery> out = new ArrayList<>();
        overlay.flush();
        for (Map.Entry<Object[], byte[]> e : entries.prefixSubMap(new Object[] {clientId}).entrySet()) {
            RecordCodec.Entry entry = RecordCodec.decodeEntry(e.getValue());
            out.add(entry.toDelivery((Long) e.getKey()[1], message(entry.messageId())));
        }
        return out;
    }

    List<Integer> loadInboundQos2(String clientId) {
        List<Integer> out = new ArrayList<>();
        for (Object[] key : inbound.prefixSubMap(new Object[] {clientId}).keySet()) {
            out.add((Integer) key[1]);
        }
        return out;
    }

    // ---- named queues: specs in "queues", messages as entries under a reserved key ----

    static final String QUEUE_KEY_PREFIX = "\u0000queue/";

    void saveQueue(io.switchboard.router.api.QueueSpec spec) {
        byte[] value = RecordCodec.encodeQueue(spec);
        byte[] prev = queues.put(spec.name(), value);
        if (log != null) {
            log.putQueue(spec.name(), value);
        }
        liveBytes += value.length - (prev == null ? -RECORD_OVERHEAD : prev.length);
    }

    void removeQueue(String name) {
        byte[] prev = queues.remove(name);
        if (prev != null) {
            liveBytes -= prev.length + RECORD_OVERHEAD;
            if (log != null) {
                log.removeQueue(name);
            }
        }
        removeEntries(QUEUE_KEY_PREFIX + name);
    }

    List<io.switchboard.router.api.QueueSpec> loadQueues() {
        List<io.switchboard.router.api.QueueSpec> out = new ArrayList<>(queues.size());
        for (byte[] value : queues.values()) {
            out.add(RecordCodec.decodeQueue(value));
        }
        return out;
    }

    void putQueueEntry(String queue, io.switchboard.router.spi.QueueStore.QueueEntry e) {
        putDelivery(QUEUE_KEY_PREFIX + queue, new StoredDelivery(e.sequence(), e.message(), e.message().qos(), false,
                new int[0], null, null, e.deliveryCount(), false));
    }

    void removeQueueEntry(String queue, long sequence) {
        removeDelivery(QUEUE_KEY_PREFIX + queue, sequence);
    }

    List<io.switchboard.router.spi.QueueStore.QueueEntry> loadQueueEntries(String queue) {
        List<io.switchboard.router.spi.QueueStore.QueueEntry> out = new ArrayList<>();
        for (StoredDelivery d : loadDeliveries(QUEUE_KEY_PREFIX + queue)) {
            out.add(new io.switchboard.router.spi.QueueStore.QueueEntry(d.sequence(), d.message(), d.deliveryId()));
        }
        return out;
    }

    // ---- retained ----

    void putRetained(Message m) {
        long id = reference(m);
        Long prev = retained.put(m.topic(), id);
        if (log != null) {
            log.putRetained(m.topic(), id);
        }
        if (prev == null) {
            liveBytes += RECORD_OVERHEAD;
        } else {
            release(prev);
        }
    }

    void removeRetained(String topic) {
        Long prev = retained.remove(topic);
        if (prev != null) {
            if (log != null) {
                log.removeRetained(topic);
            }
            liveBytes -= RECORD_OVERHEAD;
            release(prev);
        }
    }

    List<Message> loadRetained() {
        List<Message> out = new ArrayList<>(retained.size());
        for (Long id : retained.values()) {
            out.add(message(id));
        }
        return out;
    }

    // ---- expiry ----

    /**
     * Deletes queued (not yet sent) entries and retained messages whose message has expired. In-flight
     * entries stay: their delivery has started and must complete. Returns how many records were deleted.
     */
    int purgeExpired(long nowMillis) {
        return ExpiryPurge.purge(this, expiresAt, nowMillis);
    }
}
