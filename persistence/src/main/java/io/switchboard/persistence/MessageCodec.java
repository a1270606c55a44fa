package io.switchboard.persistence;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.PayloadFormat;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.UserProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a {@link Message}, written once per message body.
 *
 * <pre>
 * version(1)=1 | flags(1) | qos(1) | payloadFormat(1) | origin(1) | expiresAt(8) | createdAt(8)
 * | topic | [contentType] | [responseTopic] | [correlationData] | [publisherId]
 * | userPropertyCount(varint) { name value }* | payload | crc32c(4)
 * </pre>
 * Strings and byte arrays are a varint length then the bytes (strings in UTF-8). Bracketed fields are present
 * only when their flag bit is set: 0x01 retain, 0x02 content type, 0x04 response topic, 0x08 correlation
 * data, 0x10 publisher id. Enum codes are fixed here, never ordinals.
 */
public final class MessageCodec {
    static final int VERSION = 1;
    private static final int RETAIN = 0x01;
    private static final int CONTENT_TYPE = 0x02;
    private static final int RESPONSE_TOPIC = 0x04;
    private static final int CORRELATION = 0x08;
    private static final int PUBLISHER = 0x10;
    private static final int KNOWN_FLAGS = 0x1F;

    private MessageCodec() {
    }

    public static byte[] encode(Message m) {
        ByteWriter w = new ByteWriter(64 + m.payload().length + 3 * m.topic().length());
        int flags = (m.retain() ? RETAIN : 0)
                | (m.contentType() != null ? CONTENT_TYPE : 0)
                | (m.responseTopic() != null ? RESPONSE_TOPIC : 0)
                | (m.correlationData() != null ? CORRELATION : 0)
                | (m.publisherId() != null ? PUBLISHER : 0);
        w.writeByte(VERSION);
        w.writeByte(flags);
        w.writeByte(m.qos().level());
        w.writeByte(formatCode(m.payloadFormat()));
        w.writeByte(originCode(m.origin()));
        w.writeLong(m.expiresAtMillis());
        w.writeLong(m.createdAtMillis());
        w.writeString(m.topic());
        if (m.contentType() != null) {
            w.writeString(m.contentType());
        }
        if (m.responseTopic() != null) {
            w.writeString(m.responseTopic());
        }
        if (m.correlationData() != null) {
            w.writeBytes(m.correlationData());
        }
        if (m.publisherId() != null) {
            w.writeString(m.publisherId());
        }
        w.writeVarLong(m.userProperties().size());
        for (UserProperty p : m.userProperties()) {
            w.writeString(p.name());
            w.writeString(p.value());
        }
        w.writeBytes(m.payload());
        return w.finishWithChecksum();
    }

    public static Message decode(byte[] bytes) {
        ByteReader r = ByteReader.checked(bytes, "message");
        int version = r.readByte();
        if (version != VERSION) {
            throw new CorruptRecordException("message codec version " + version + ", expected " + VERSION);
        }
        int flags = r.readByte();
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new CorruptRecordException("unknown message flags " + Integer.toHexString(flags));
        }
        int qos = r.readByte();
        if (qos > 2) {
            throw new CorruptRecordException("QoS " + qos);
        }
        PayloadFormat format = formatOf(r.readByte());
        Protocol origin = originOf(r.readByte());
        long expiresAt = r.readLong();
        long createdAt = r.readLong();
        String topic = r.readString();
        String contentType = (flags & CONTENT_TYPE) != 0 ? r.readString() : null;
        String responseTopic = (flags & RESPONSE_TOPIC) != 0 ? r.readString() : null;
        byte[] correlation = (flags & CORRELATION) != 0 ? r.readBytes() : null;
        String publisher = (flags & PUBLISHER) != 0 ? r.readString() : null;
        int propertyCount = r.readVarInt();
        List<UserProperty> properties = new ArrayList<>(Math.min(propertyCount, 64));
        for (int i = 0; i < propertyCount; i++) {
            properties.add(new UserProperty(r.readString(), r.readString()));
        }
        byte[] payload = r.readBytes();
        r.expectEnd();
        return Message.builder(topic, payload)
                .qos(Qos.ofLevel(qos))
                .retain((flags & RETAIN) != 0)
                .expiresAtMillis(expiresAt)
                .payloadFormat(format)
                .contentType(contentType)
                .responseTopic(responseTopic)
                .correlationData(correlation)
                .userProperties(properties)
                .origin(origin)
                .publisherId(publisher)
                .createdAtMillis(createdAt)
                .build();
    }

    private static int formatCode(PayloadFormat format) {
        return switch (format) {
            case UNSPECIFIED -> 0;
            case BYTES -> 1;
            case UTF8 -> 2;
        };
    }

    private static PayloadFormat formatOf(int code) {
        return switch (code) {
            case 0 -> PayloadFormat.UNSPECIFIED;
            case 1 -> PayloadFormat.BYTES;
            case 2 -> PayloadFormat.UTF8;
            default -> throw new CorruptRecordException("payload format " + code);
        };
    }

    private static int originCode(Protocol origin) {
        return switch (origin) {
            case MQTT -> 0;
            case AMQP -> 1;
            case INTERNAL -> 2;
        };
    }

    private static Protocol originOf(int code) {
        return switch (code) {
            case 0 -> Protocol.MQTT;
            case 1 -> Protocol.AMQP;
            case 2 -> Protocol.INTERNAL;
            default -> throw new CorruptRecordException("origin " + code);
        };
    }
}
