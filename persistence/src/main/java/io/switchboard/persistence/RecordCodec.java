package io.switchboard.persistence;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.RetainHandling;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.api.Will;
import io.switchboard.router.spi.SessionRecord;
import io.switchboard.router.spi.StoredDelivery;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stored forms of queue entries and session records; each starts with a version byte and ends with a CRC32C.
 *
 * <pre>
 * entry:   version(1)=1 | messageId(varlong) | qos(1) | flags(1) | deliveryId(varint)
 *          | subscriptionIdCount(varint) { id(varint) }* | [shareGroup] | [shareFilter] | crc32c(4)
 *          flags: 0x01 retain, 0x02 released, 0x04 share group, 0x08 share filter
 * session: version(1)=1 | clientId | expirySeconds(varlong) | disconnectedAt(8)
 *          | subscriptionCount(varint) { filter | qos(1) | flags(1) | retainHandling(1) | subscriptionId(varint) }*
 *          | hasWill(1) [ delaySeconds(varlong) | message(bytes, {@link MessageCodec}) ] | crc32c(4)
 *          subscription flags: 0x01 no local, 0x02 retain as published
 * </pre>
 * A queue entry holds the id of its message body, never the body itself.
 * <pre>
 * named queue: version(1)=1 | name | flags(1) | maxMessages(varint) | maxBytes(varlong) | overflow(1)
 *              | bindingCount(varint) { filter }* | [deadLetterQueue] | crc32c(4)
 *              flags: 0x01 durable, 0x02 auto delete, 0x04 dead-letter queue
 * </pre>
 * A named queue's messages are entries under the key {@code [NUL + "queue/" + name, sequence]} (a NUL cannot
 * start an MQTT client id), whose deliveryId field holds the message's delivery count.
 */
final class RecordCodec {
    static final int VERSION = 1;

    /** A queue entry as stored: the delivery without its message, which lives under {@code messageId}. */
    record Entry(long messageId, Qos qos, boolean retain, int[] subscriptionIds, String shareGroup,
                 String shareFilter, int deliveryId, boolean released) {

        static Entry of(long messageId, StoredDelivery d) {
            return new Entry(messageId, d.qos(), d.retain(), d.subscriptionIds(), d.shareGroup(), d.shareFilter(),
                    d.deliveryId(), d.released());
        }

        StoredDelivery toDelivery(long sequence, Message message) {
            return new StoredDelivery(sequence, message, qos, retain, subscriptionIds, shareGroup, shareFilter,
                    deliveryId, released);
        }
    }

    private RecordCodec() {
    }

    static byte[] encodeEntry(Entry e) {
        ByteWriter w = new ByteWriter(32);
        w.writeByte(VERSION);
        w.writeVarLong(e.messageId());
        w.writeByte(e.qos().level());
        w.writeByte((e.retain() ? 1 : 0) | (e.released() ? 2 : 0)
                | (e.shareGroup() != null ? 4 : 0) | (e.shareFilter() != null ? 8 : 0));
        w.writeVarLong(e.deliveryId());
        int[] ids = e.subscriptionIds() == null ? new int[0] : e.subscriptionIds();
        w.writeVarLong(ids.length);
        for (int id : ids) {
            w.writeVarLong(id);
        }
        if (e.shareGroup() != null) {
            w.writeString(e.shareGroup());
        }
        if (e.shareFilter() != null) {
            w.writeString(e.shareFilter());
        }
        return w.finishWithChecksum();
    }

    static Entry decodeEntry(byte[] bytes) {
        ByteReader r = ByteReader.checked(bytes, "queue entry");
        checkVersion(r.readByte(), "queue entry");
        long messageId = r.readVarLong();
        Qos qos = qosOf(r.readByte());
        int flags = r.readByte();
        if ((flags & ~0x0F) != 0) {
            throw new CorruptRecordException("unknown entry flags " + Integer.toHexString(flags));
        }
        int deliveryId = r.readVarInt();
        int count = r.readVarInt();
        if (count > 1_000_000) {
            throw new CorruptRecordException("subscription id count " + count);
        }
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = r.readVarInt();
        }
        String group = (flags & 4) != 0 ? r.readString() : null;
        String filter = (flags & 8) != 0 ? r.readString() : null;
        r.expectEnd();
        return new Entry(messageId, qos, (flags & 1) != 0, ids, group, filter, deliveryId, (flags & 2) != 0);
    }

    static byte[] encodeSession(SessionRecord s) {
        ByteWriter w = new ByteWriter(64);
        w.writeByte(VERSION);
        w.writeString(s.clientId());
        w.writeVarLong(s.sessionExpirySeconds());
        w.writeLong(s.disconnectedAtMillis());
        Map<String, SubscriptionOptions> subs = s.subscriptions() == null ? Map.of() : s.subscriptions();
        w.writeVarLong(subs.size());
        for (Map.Entry<String, SubscriptionOptions> e : subs.entrySet()) {
            SubscriptionOptions o = e.getValue();
            w.writeString(e.getKey());
            w.writeByte(o.maxQos().level());
            w.writeByte((o.noLocal() ? 1 : 0) | (o.retainAsPublished() ? 2 : 0));
            w.writeByte(retainHandlingCode(o.retainHandling()));
            w.writeVarLong(o.subscriptionId());
        }
        Will will = s.pendingWill();
        w.writeByte(will == null ? 0 : 1);
        if (will != null) {
            w.writeVarLong(will.delaySeconds());
            w.writeBytes(MessageCodec.encode(will.message()));
        }
        return w.finishWithChecksum();
    }

    static SessionRecord decodeSession(byte[] bytes) {
        ByteReader r = ByteReader.checked(bytes, "session");
        checkVersion(r.readByte(), "session");
        String clientId = r.readString();
        long expiry = r.readVarLong();
        long disconnectedAt = r.readLong();
        int count = r.readVarInt();
        Map<String, SubscriptionOptions> subs = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String filter = r.readString();
            Qos qos = qosOf(r.readByte());
            int flags = r.readByte();
            int handling = r.readByte();
            if (handling > 2) {
                throw new CorruptRecordException("retain handling " + handling);
            }
            int subscriptionId = r.readVarInt();
            subs.put(filter, new SubscriptionOptions(qos, (flags & 1) != 0, (flags & 2) != 0,
                    RetainHandling.ofCode(handling), subscriptionId));
        }
        int hasWill = r.readByte();
        Will will = null;
        if (hasWill == 1) {
            long delay = r.readVarLong();
            will = new Will(MessageCodec.decode(r.readBytes()), delay);
        } else if (hasWill != 0) {
            throw new CorruptRecordException("will marker " + hasWill);
        }
        r.expectEnd();
        return new SessionRecord(clientId, expiry, disconnectedAt, subs, will);
    }

    static byte[] encodeQueue(io.switchboard.router.api.QueueSpec q) {
        ByteWriter w = new ByteWriter(64);
        w.writeByte(VERSION);
        w.writeString(q.name());
        w.writeByte((q.durable() ? 1 : 0) | (q.autoDelete() ? 2 : 0) | (q.deadLetterQueue() != null ? 4 : 0));
        w.writeVarLong(q.maxMessages());
        w.writeVarLong(q.maxBytes());
        w.writeByte(q.overflow().ordinal());
        w.writeVarLong(q.bindings().size());
        for (String binding : q.bindings()) {
            w.writeString(binding);
        }
        if (q.deadLetterQueue() != null) {
            w.writeString(q.deadLetterQueue());
        }
        return w.finishWithChecksum();
    }

    static io.switchboard.router.api.QueueSpec decodeQueue(byte[] bytes) {
        ByteReader r = ByteReader.checked(bytes, "named queue");
        checkVersion(r.readByte(), "named queue");
        String name = r.readString();
        int flags = r.readByte();
        if ((flags & ~0x07) != 0) {
            throw new CorruptRecordException("unknown queue flags " + Integer.toHexString(flags));
        }
        int maxMessages = r.readVarInt();
        long maxBytes = r.readVarLong();
        int overflow = r.readByte();
        var policies = io.switchboard.router.api.OverflowPolicy.values();
        if (overflow >= policies.length) {
            throw new CorruptRecordException("unknown overflow policy " + overflow);
        }
        int count = r.readVarInt();
        java.util.List<String> bindings = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bindings.add(r.readString());
        }
        String dlq = (flags & 4) != 0 ? r.readString() : null;
        r.expectEnd();
        return new io.switchboard.router.api.QueueSpec(name, (flags & 1) != 0, maxMessages, maxBytes,
                policies[overflow], bindings, dlq, (flags & 2) != 0);
    }

    private static void checkVersion(int version, String what) {
        if (version != VERSION) {
            throw new CorruptRecordException(what + " codec version " + version + ", expected " + VERSION);
        }
    }

    private static Qos qosOf(int level) {
        if (level > 2) {
            throw new CorruptRecordException("QoS " + level);
        }
        return Qos.ofLevel(level);
    }

    private static int retainHandlingCode(RetainHandling h) {
        return switch (h) {
            case SEND_ON_SUBSCRIBE -> 0;
            case SEND_IF_NEW_SUBSCRIPTION -> 1;
            case DO_NOT_SEND -> 2;
        };
    }
}
