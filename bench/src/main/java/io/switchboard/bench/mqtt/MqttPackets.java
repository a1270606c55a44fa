package io.switchboard.bench.mqtt;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Encoders for the few MQTT 3.1.1 / 5.0 control packets the load generator sends. Each writes one complete
 * packet into the given buffer; nothing here allocates besides the strings' UTF-8 bytes at setup time.
 */
public final class MqttPackets {
    public static final int CONNECT = 1;
    public static final int CONNACK = 2;
    public static final int PUBLISH = 3;
    public static final int PUBACK = 4;
    public static final int PUBREC = 5;
    public static final int PUBREL = 6;
    public static final int PUBCOMP = 7;
    public static final int SUBACK = 9;
    public static final int UNSUBACK = 11;
    public static final int PINGRESP = 13;
    public static final int DISCONNECT = 14;

    private MqttPackets() {
    }

    /** CONNECT with clean session/start, no will, no credentials; version is 4 (3.1.1) or 5. */
    public static void connect(ByteBuf out, String clientId, int version, int keepAliveSeconds) {
        connect(out, clientId, version, keepAliveSeconds, 0);
    }

    /**
     * CONNECT without will or credentials. {@code sessionExpirySeconds} 0: a clean, non-persistent session;
     * above 0 a persistent one (3.1.1: clean session 0, so client ids must be fresh per run; 5: clean start 1
     * with that Session Expiry Interval), whose QoS 1/2 messages a durable broker must store.
     */
    public static void connect(ByteBuf out, String clientId, int version, int keepAliveSeconds,
            long sessionExpirySeconds) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        boolean expiry = version == 5 && sessionExpirySeconds > 0;
        int properties = expiry ? 5 : 0;
        int variable = 2 + 4 + 1 + 1 + 2 + (version == 5 ? 1 + properties : 0);
        int remaining = variable + 2 + id.length;
        out.writeByte(CONNECT << 4);
        writeVarInt(out, remaining);
        out.writeShort(4).writeByte('M').writeByte('Q').writeByte('T').writeByte('T');
        out.writeByte(version);
        out.writeByte(version != 5 && sessionExpirySeconds > 0 ? 0x00 : 0x02);
        out.writeShort(keepAliveSeconds);
        if (version == 5) {
            out.writeByte(properties); // receive maximum 65535 (default)
            if (expiry) {
                out.writeByte(0x11).writeInt((int) sessionExpirySeconds);
            }
        }
        out.writeShort(id.length).writeBytes(id);
    }

    /** SUBSCRIBE to one filter at the given maximum QoS. */
    public static void subscribe(ByteBuf out, int packetId, String filter, int qos, int version) {
        byte[] f = filter.getBytes(StandardCharsets.UTF_8);
        int remaining = 2 + (version == 5 ? 1 : 0) + 2 + f.length + 1;
        out.writeByte((8 << 4) | 0x02);
        writeVarInt(out, remaining);
        out.writeShort(packetId);
        if (version == 5) {
            out.writeByte(0);
        }
        out.writeShort(f.length).writeBytes(f).writeByte(qos);
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP with success (the MQTT 5 reason code is omitted, meaning 0x00). */
    public static void ack(ByteBuf out, int type, int packetId) {
        out.writeByte(type == PUBREL ? (PUBREL << 4) | 0x02 : type << 4);
        out.writeByte(2);
        out.writeShort(packetId);
    }

    public static void pingReq(ByteBuf out) {
        out.writeByte(12 << 4).writeByte(0);
    }

    public static void disconnect(ByteBuf out) {
        out.writeByte(DISCONNECT << 4).writeByte(0);
    }

    public static void writeVarInt(ByteBuf out, int value) {
        int v = value;
        do {
            int digit = v & 0x7F;
            v >>>= 7;
            out.writeByte(v > 0 ? digit | 0x80 : digit);
        } while (v > 0);
    }

    public static int varIntSize(int value) {
        int size = 1;
        int v = value >>> 7;
        while (v > 0) {
            size++;
            v >>>= 7;
        }
        return size;
    }
}
