package io.switchboard.persistence;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/** Reads what {@link ByteWriter} wrote, after checking the CRC32C trailer; every overrun is a corruption. */
final class ByteReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    private ByteReader(byte[] buf, int end) {
        this.buf = buf;
        this.end = end;
    }

    /** Checks the trailer and returns a reader over the content before it. */
    static ByteReader checked(byte[] bytes, String what) {
        if (bytes == null || bytes.length < 5) {
            throw new CorruptRecordException(what + ": " + (bytes == null ? "missing" : bytes.length + " bytes"));
        }
        int end = bytes.length - 4;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, end);
        int expected = ((bytes[end] & 0xFF) << 24) | ((bytes[end + 1] & 0xFF) << 16)
                | ((bytes[end + 2] & 0xFF) << 8) | (bytes[end + 3] & 0xFF);
        if ((int) crc.getValue() != expected) {
            throw new CorruptRecordException(what + ": checksum mismatch");
        }
        return new ByteReader(bytes, end);
    }

    int readByte() {
        if (pos >= end) {
            throw new CorruptRecordException("record ends early");
        }
        return buf[pos++] & 0xFF;
    }

    long readLong() {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | readByte();
        }
        return v;
    }

    long readVarLong() {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new CorruptRecordException("variable-length number too long");
    }

    int readVarInt() {
        long v = readVarLong();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new CorruptRecordException("number out of range: " + v);
        }
        return (int) v;
    }

    byte[] readBytes() {
        int length = readVarInt();
        if (length > end - pos) {
            throw new CorruptRecordException("length " + length + " beyond record end");
        }
        byte[] out = Arrays.copyOfRange(buf, pos, pos + length);
        pos += length;
        return out;
    }

    String readString() {
        int length = readVarInt();
        if (length > end - pos) {
            throw new CorruptRecordException("length " + length + " beyond record end");
        }
        String s = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    void expectEnd() {
        if (pos != end) {
            throw new CorruptRecordException((end - pos) + " unexpected trailing bytes");
        }
    }
}
