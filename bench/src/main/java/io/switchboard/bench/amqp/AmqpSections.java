package io.switchboard.bench.amqp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the body of an encoded AMQP 1.0 message without decoding it: walks the described sections (header,
 * annotations, properties, application-properties ...) by their type codes, skipping each value by its width or
 * size field, and stops at the first {@code data} section (or an {@code amqp-value} holding a binary). No
 * allocation; used on every delivery by consumers and once per producer to place the payload header.
 */
public final class AmqpSections {
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final int DATA = 0x75;
    private static final int AMQP_VALUE = 0x77;

    private AmqpSections() {
    }

    /**
     * The body's position in {@code bytes[0..length)}: offset in the high 32 bits, length in the low 32 bits, or
     * -1 when there is no data section or binary amqp-value, or the encoding is not understood.
     */
    public static long body(byte[] bytes, int length) {
        int pos = 0;
        try {
            while (pos < length) {
                if (bytes[pos] != 0x00) {
                    return -1; // every section is a described type
                }
                pos++;
                int code = bytes[pos] & 0xff;
                long descriptor;
                if (code == 0x53) {
                    descriptor = bytes[pos + 1] & 0xff;
                    pos += 2;
                } else if (code == 0x80) {
                    descriptor = (long) LONG.get(bytes, pos + 1);
                    pos += 9;
                } else {
                    descriptor = -1; // a symbolic descriptor: not a section this reader looks for
                    pos = skip(bytes, pos);
                }
                if (descriptor == DATA || descriptor == AMQP_VALUE) {
                    int type = bytes[pos] & 0xff;
                    if (type == 0xa0) {
                        return ((long) (pos + 2) << 32) | (bytes[pos + 1] & 0xff);
                    }
                    if (type == 0xb0) {
                        return ((long) (pos + 5) << 32) | ((int) INT.get(bytes, pos + 1) & 0xffffffffL);
                    }
                    if (descriptor == DATA) {
                        return -1;
                    }
                }
                pos = skip(bytes, pos);
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            return -1;
        }
        return -1;
    }

    /** The position after the encoded value at {@code pos}. */
    static int skip(byte[] b, int pos) {
        int code = b[pos] & 0xff;
        if (code == 0x00) {
            return skip(b, skip(b, pos + 1)); // described: descriptor, then value
        }
        return switch (code >>> 4) {
            case 0x4 -> pos + 1;
            case 0x5 -> pos + 2;
            case 0x6 -> pos + 3;
            case 0x7 -> pos + 5;
            case 0x8 -> pos + 9;
            case 0x9 -> pos + 17;
            case 0xa, 0xc, 0xe -> pos + 2 + (b[pos + 1] & 0xff);
            case 0xb, 0xd, 0xf -> pos + 5 + (int) INT.get(b, pos + 1);
            default -> throw new ArrayIndexOutOfBoundsException("unknown AMQP type code 0x" + Integer.toHexString(code));
        };
    }

    public static long readLong(byte[] bytes, int offset) {
        return (long) LONG.get(bytes, offset);
    }

    public static int readInt(byte[] bytes, int offset) {
        return (int) INT.get(bytes, offset);
    }
}
