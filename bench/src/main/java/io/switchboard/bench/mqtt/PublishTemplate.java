package io.switchboard.bench.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * One publisher's PUBLISH packet, encoded once. Each message copies the template and patches the packet id
 * and the payload header in place: 8-byte send time ({@link System#nanoTime}), 8-byte sequence, 4-byte
 * publisher id. No per-message allocation.
 */
public final class PublishTemplate {
    /** Bytes of the payload header: timestamp, sequence, publisher id. */
    public static final int HEADER_BYTES = 20;

    private final byte[] packet;
    private final int packetIdOffset;
    private final int payloadOffset;

    public PublishTemplate(String topic, int qos, int version, int payloadBytes, int publisherId) {
        if (payloadBytes < HEADER_BYTES) {
            throw new IllegalArgumentException("payload must be at least " + HEADER_BYTES + " bytes");
        }
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        int remaining = 2 + t.length + (qos > 0 ? 2 : 0) + (version == 5 ? 1 : 0) + payloadBytes;
        ByteBuf b = Unpooled.buffer(5 + remaining);
        b.writeByte((MqttPackets.PUBLISH << 4) | (qos << 1));
        MqttPackets.writeVarInt(b, remaining);
        b.writeShort(t.length).writeBytes(t);
        packetIdOffset = qos > 0 ? b.writerIndex() : -1;
        if (qos > 0) {
            b.writeShort(0);
        }
        if (version == 5) {
            b.writeByte(0);
        }
        payloadOffset = b.writerIndex();
        b.writeLong(0).writeLong(0).writeInt(publisherId);
        for (int i = HEADER_BYTES; i < payloadBytes; i++) {
            b.writeByte('a' + i % 26);
        }
        packet = new byte[b.readableBytes()];
        b.readBytes(packet);
    }

    public int length() {
        return packet.length;
    }

    /** Appends one PUBLISH to {@code out}. */
    public void writeTo(ByteBuf out, long sequence, int packetId, long sendNanos) {
        int start = out.writerIndex();
        out.writeBytes(packet);
        if (packetIdOffset >= 0) {
            out.setShort(start + packetIdOffset, packetId);
        }
        out.setLong(start + payloadOffset, sendNanos);
        out.setLong(start + payloadOffset + 8, sequence);
    }
}
