package io.switchboard.persistence;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/** A growable byte array with the few primitives the store's codecs use; ends with a CRC32C trailer. */
final class ByteWriter {
    private byte[] buf;
    private int pos;

    ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        if (pos + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }

    void writeByte(int value) {
        ensure(1);
        buf[pos++] = (byte) value;
    }

    void writeLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (value >>> shift);
        }
    }

    /** Unsigned LEB128; negative values take ten bytes. */
    void writeVarLong(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    void writeBytes(byte[] bytes) {
        writeVarLong(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    void writeString(String value) {
        writeBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends the CRC32C of everything written so far and returns the finished bytes. */
    byte[] finishWithChecksum() {
        CRC32C crc = new CRC32C();
        crc.update(buf, 0, pos);
        int value = (int) crc.getValue();
        ensure(4);
        buf[pos++] = (byte) (value >>> 24);
        buf[pos++] = (byte) (value >>> 16);
        buf[pos++] = (byte) (value >>> 8);
        buf[pos++] = (byte) value;
        return Arrays.copyOf(buf, pos);
    }
}
