package io.switchboard.persistence;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The journal records of one group-commit batch, encoded as the writer applies the batch's operations to the
 * maps. One record per map change, so that replaying the records onto the last checkpoint rebuilds exactly
 * the maps the writer had (reference counts and sizes are then rebuilt by {@code verifyAndIndex}).
 *
 * <p>A batch ends with a {@link #COMMIT} record; replay applies a batch only when that record checks, so a
 * batch is atomic (a QoS 2 delivery and its inbound packet id, say, survive together or not at all).
 *
 * <p>Record frame: {@code int length} (of what follows up to the CRC), {@code long sequence}, {@code byte type},
 * the payload, {@code int CRC32C} of sequence, type and payload. Sequences are consecutive across the
 * journal's whole life (the checkpoint records the last one it covers). Payloads use {@link ByteWriter}'s
 * encodings: strings and byte arrays length-prefixed, numbers as var-longs.
 */
final class JournalBatch {
    static final int BODY_PUT = 1;
    static final int BODY_DEL = 2;
    static final int ENTRY_PUT = 3;
    static final int ENTRY_DEL = 4;
    static final int SESSION_PUT = 5;
    static final int SESSION_DEL = 6;
    static final int INBOUND_PUT = 7;
    static final int INBOUND_DEL = 8;
    static final int RETAINED_PUT = 9;
    static final int RETAINED_DEL = 10;
    static final int QUEUE_PUT = 11;
    static final int QUEUE_DEL = 12;
    /** Ends a batch: replay applies a batch's records only when its COMMIT record checks (batches are atomic). */
    static final int COMMIT = 13;

    /** length + sequence + type before the payload, CRC after it. */
    static final int FRAME_OVERHEAD = 4 + 8 + 1 + 4;

    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int recordStart = -1;
    private long nextSequence;
    private int records;

    JournalBatch(long nextSequence) {
        this.nextSequence = nextSequence;
    }

    /** The sequence the next record will carry. */
    long nextSequence() {
        return nextSequence;
    }

    int records() {
        return records;
    }

    int size() {
        return pos;
    }

    byte[] buffer() {
        return buf;
    }

    /** Forgets the records (written, or rolled back together with the maps); sequences are not reused. */
    void clear() {
        pos = 0;
        records = 0;
    }

    /** Closes the batch with its COMMIT record; nothing when the batch holds no record. */
    void commitMarker() {
        if (records == 0) {
            return;
        }
        begin(COMMIT);
        end();
    }

    void putBody(long id, byte[] body) {
        begin(BODY_PUT);
        varLong(id);
        bytes(body);
        end();
    }

    void removeBody(long id) {
        begin(BODY_DEL);
        varLong(id);
        end();
    }

    void putEntry(String client, long sequence, byte[] value) {
        begin(ENTRY_PUT);
        string(client);
        varLong(sequence);
        bytes(value);
        end();
    }

    void removeEntry(String client, long sequence) {
        begin(ENTRY_DEL);
        string(client);
        varLong(sequence);
        end();
    }

    void putSession(String client, byte[] value) {
        keyAndValue(SESSION_PUT, client, value);
    }

    void removeSession(String client) {
        begin(SESSION_DEL);
        string(client);
        end();
    }

    void putInbound(String client, int packetId) {
        begin(INBOUND_PUT);
        string(client);
        varLong(packetId);
        end();
    }

    void removeInbound(String client, int packetId) {
        begin(INBOUND_DEL);
        string(client);
        varLong(packetId);
        end();
    }

    void putRetained(String topic, long id) {
        begin(RETAINED_PUT);
        string(topic);
        varLong(id);
        end();
    }

    void removeRetained(String topic) {
        begin(RETAINED_DEL);
        string(topic);
        end();
    }

    void putQueue(String name, byte[] value) {
        keyAndValue(QUEUE_PUT, name, value);
    }

    void removeQueue(String name) {
        begin(QUEUE_DEL);
        string(name);
        end();
    }

    private void keyAndValue(int type, String key, byte[] value) {
        begin(type);
        string(key);
        bytes(value);
        end();
    }

    /** Applies a replayed record to the maps of {@code s} (its indexes are rebuilt by {@code verifyAndIndex} after). */
    static void apply(StoreState s, long sequence, int type, ByteReader r) {
        switch (type) {
            case JournalBatch.BODY_PUT -> s.bodies.put(r.readVarLong(), r.readBytes());
            case JournalBatch.BODY_DEL -> s.bodies.remove(r.readVarLong());
            case JournalBatch.ENTRY_PUT -> s.entries.put(new Object[] {r.readString(), r.readVarLong()}, r.readBytes());
            case JournalBatch.ENTRY_DEL -> s.entries.remove(new Object[] {r.readString(), r.readVarLong()});
            case JournalBatch.SESSION_PUT -> s.sessions.put(r.readString(), r.readBytes());
            case JournalBatch.SESSION_DEL -> s.sessions.remove(r.readString());
            case JournalBatch.INBOUND_PUT -> s.inbound.put(new Object[] {r.readString(), r.readVarInt()}, Boolean.TRUE);
            case JournalBatch.INBOUND_DEL -> s.inbound.remove(new Object[] {r.readString(), r.readVarInt()});
            case JournalBatch.RETAINED_PUT -> s.retained.put(r.readString(), r.readVarLong());
            case JournalBatch.RETAINED_DEL -> s.retained.remove(r.readString());
            case JournalBatch.QUEUE_PUT -> s.queues.put(r.readString(), r.readBytes());
            case JournalBatch.QUEUE_DEL -> s.queues.remove(r.readString());
            default -> throw new CorruptRecordException("journal record " + sequence + " has unknown type " + type);
        }
        r.expectEnd();
    }

    // ---- framing ----

    private void begin(int type) {
        recordStart = pos;
        ensure(13);
        pos += 4;
        long seq = nextSequence;
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (seq >>> shift);
        }
        buf[pos++] = (byte) type;
    }

    private void end() {
        int bodyStart = recordStart + 4;
        CRC32C crc = new CRC32C();
        crc.update(buf, bodyStart, pos - bodyStart);
        putInt(recordStart, pos - bodyStart);
        ensure(4);
        putInt(pos, (int) crc.getValue());
        pos += 4;
        nextSequence++;
        records++;
    }

    private void putInt(int at, int value) {
        buf[at] = (byte) (value >>> 24);
        buf[at + 1] = (byte) (value >>> 16);
        buf[at + 2] = (byte) (value >>> 8);
        buf[at + 3] = (byte) value;
    }

    private void ensure(int extra) {
        if (pos + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }

    private void varLong(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    private void bytes(byte[] value) {
        varLong(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, buf, pos, value.length);
        pos += value.length;
    }

    private void string(String value) {
        bytes(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
