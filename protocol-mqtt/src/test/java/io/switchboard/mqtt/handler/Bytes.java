package io.switchboard.mqtt.handler;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Builds raw MQTT packets for handler tests, byte by byte, independent of the codec under test. */
final class Bytes {
    private Bytes() {
    }

    /** A packet: first byte, then the remaining length as a variable byte integer, then the parts. */
    static byte[] packet(int firstByte, byte[]... parts) {
        byte[] body = concat(parts);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        out.writeBytes(varInt(body.length));
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] varInt(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int digit = value % 128;
            value /= 128;
            out.write(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return out.toByteArray();
    }

    /** A UTF-8 string with its two-byte length. */
    static byte[] str(String s) {
        return binary(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Binary data with its two-byte length. */
    static byte[] binary(byte[] data) {
        return concat(u16(data.length), data);
    }

    static byte[] u16(int value) {
        return new byte[] {(byte) (value >> 8), (byte) value};
    }

    static byte[] u32(long value) {
        return new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value};
    }

    static byte[] b(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** An MQTT 5 property block: its length, then the properties. */
    static byte[] props(byte[]... properties) {
        byte[] body = concat(properties);
        return concat(varInt(body.length), body);
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String toHex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    /** CONNECT for MQTT 3.1.1 with the given flags byte, keep alive 60 and the payload parts. */
    static byte[] connect311(int flags, byte[]... payload) {
        return packet(0x10, concat(str("MQTT"), b(4, flags), u16(60), concat(payload)));
    }

    /** CONNECT for MQTT 5 with the given flags byte, keep alive 60, properties and payload parts. */
    static byte[] connect5(int flags, byte[] properties, byte[]... payload) {
        return packet(0x10, concat(str("MQTT"), b(5, flags), u16(60), properties, concat(payload)));
    }
}
