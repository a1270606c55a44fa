package io.switchboard.broker.security;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * MQTT 5 CONNECT, AUTH and PUBLISH as bytes, and a reader of the broker's CONNACK, AUTH and DISCONNECT, for
 * enhanced-authentication exchanges that well-behaved clients never send.
 */
final class RawMqtt5 {
    static final int CONNACK = 2;
    static final int AUTH = 15;
    static final int DISCONNECT = 14;
    static final int AUTH_METHOD = 0x15;
    static final int AUTH_DATA = 0x16;

    private RawMqtt5() {
    }

    /** What the broker sent: packet type, reason code, and the properties it carried (by id). */
    record Packet(int type, int reasonCode, Map<Integer, Object> properties) {
        String authData() {
            byte[] data = (byte[]) properties.get(AUTH_DATA);
            return data == null ? null : new String(data, StandardCharsets.UTF_8);
        }
    }

    static byte[] connect(String clientId, String method, String data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(5);
        body.write(0x02); // clean start
        body.write(0);
        body.write(60);
        body.writeBytes(authProperties(method, data));
        string(body, clientId);
        return packet(0x10, body.toByteArray());
    }

    static byte[] auth(int reasonCode, String method, String data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(reasonCode);
        body.writeBytes(authProperties(method, data));
        return packet(0xF0, body.toByteArray());
    }

    static byte[] publish(String topic) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, topic);
        body.write(0); // no properties
        return packet(0x30, body.toByteArray());
    }

    private static byte[] authProperties(String method, String data) {
        ByteArrayOutputStream properties = new ByteArrayOutputStream();
        if (method != null) {
            properties.write(AUTH_METHOD);
            string(properties, method);
        }
        if (data != null) {
            properties.write(AUTH_DATA);
            string(properties, data); // binary data has the same two-byte length prefix
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varInt(out, properties.size());
        out.writeBytes(properties.toByteArray());
        return out.toByteArray();
    }

    /** Reads the next CONNACK, AUTH or DISCONNECT; null when the broker closed the connection. */
    static Packet read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int first = in.read();
        if (first < 0) {
            return null;
        }
        byte[] body = new byte[readVarInt(in)];
        in.readFully(body);
        int type = first >> 4;
        int at = type == CONNACK ? 1 : 0;
        int reason = body.length > at ? body[at] & 0xFF : 0;
        Map<Integer, Object> properties = new HashMap<>();
        if (body.length > at + 1) {
            DataInputStream props = new DataInputStream(new java.io.ByteArrayInputStream(body, at + 1,
                    body.length - at - 1));
            int length = readVarInt(props);
            byte[] raw = props.readNBytes(length);
            parse(new DataInputStream(new java.io.ByteArrayInputStream(raw)), properties);
        }
        return new Packet(type, reason, properties);
    }

    /** Parses the properties a CONNACK, AUTH or DISCONNECT from this broker may carry. */
    private static void parse(DataInputStream in, Map<Integer, Object> out) throws IOException {
        int id;
        while ((id = in.read()) >= 0) {
            switch (id) {
                case 0x24, 0x25, 0x28, 0x29, 0x2A -> out.put(id, in.readUnsignedByte());
                case 0x21, 0x22, 0x13 -> out.put(id, in.readUnsignedShort());
                case 0x11, 0x27 -> out.put(id, in.readInt() & 0xFFFFFFFFL);
                case 0x12, 0x15, 0x1A, 0x1C, 0x1F -> out.put(id, new String(in.readNBytes(in.readUnsignedShort()),
                        StandardCharsets.UTF_8));
                case 0x16 -> out.put(id, in.readNBytes(in.readUnsignedShort()));
                case 0x26 -> {
                    in.readNBytes(in.readUnsignedShort());
                    in.readNBytes(in.readUnsignedShort());
                }
                default -> throw new IOException("unexpected property 0x" + Integer.toHexString(id));
            }
        }
    }

    private static int readVarInt(DataInputStream in) throws IOException {
        int value = 0;
        int multiplier = 1;
        int b;
        do {
            b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            value += (b & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((b & 0x80) != 0);
        return value;
    }

    private static void string(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

    private static void varInt(ByteArrayOutputStream out, int value) {
        do {
            int digit = value % 128;
            value /= 128;
            out.write(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
    }

    private static byte[] packet(int type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 5);
        out.write(type);
        varInt(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }
}
