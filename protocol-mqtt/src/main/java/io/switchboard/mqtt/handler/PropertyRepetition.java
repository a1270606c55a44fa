package io.switchboard.mqtt.handler;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DecoderException;

/**
 * Finds an MQTT 5 property that appears twice where the specification allows it once: a Protocol Error
 * (for example [MQTT-3.1.2.11.2] for Session Expiry Interval). netty-codec-mqtt keeps only the last value, so
 * this reads the raw property block. User Property may repeat; Subscription Identifier may repeat only in a
 * PUBLISH the server sends, never in a packet a client sends.
 */
final class PropertyRepetition {
    private static final int USER_PROPERTY = 0x26;

    /** Raised for a repeated property: answered with reason 0x82 protocol error, not 0x81 malformed. */
    static final class RepeatedPropertyException extends DecoderException {
        RepeatedPropertyException(String message) {
            super(message);
        }
    }

    private PropertyRepetition() {
    }

    /**
     * Checks the property block whose length starts at {@code position}; returns the problem or null. A block
     * that cannot be walked (bad lengths, unknown identifiers) is left to the codec, which rejects it.
     */
    static String check(ByteBuf in, int position, int to, String packet) {
        int length = 0;
        int multiplier = 1;
        int i = 0;
        while (true) {
            if (position >= to || i++ == 4) {
                return null;
            }
            int digit = in.getUnsignedByte(position++);
            length += (digit & 0x7F) * multiplier;
            multiplier <<= 7;
            if ((digit & 0x80) == 0) {
                break;
            }
        }
        int end = position + length;
        if (end > to) {
            return null;
        }
        long seenLow = 0; // identifiers 0..63 (all MQTT 5 identifiers are below 0x2B)
        while (position < end) {
            int id = in.getUnsignedByte(position++);
            int size = valueSize(in, id, position, end);
            if (size < 0) {
                return null;
            }
            if (id != USER_PROPERTY) {
                long bit = 1L << id;
                if ((seenLow & bit) != 0) {
                    return "property 0x" + Integer.toHexString(id) + " appears twice in the " + packet
                            + " (a Protocol Error, MQTT 5 section 2.2.2.2)";
                }
                seenLow |= bit;
            }
            position += size;
        }
        return null;
    }

    /** Bytes of the value of property {@code id} at {@code position}, or -1 when unknown or truncated. */
    private static int valueSize(ByteBuf in, int id, int position, int end) {
        return switch (id) {
            case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> 1;
            case 0x13, 0x21, 0x22, 0x23 -> 2;
            case 0x02, 0x11, 0x18, 0x27 -> 4;
            case 0x0B -> varIntSize(in, position, end);
            case 0x03, 0x08, 0x09, 0x12, 0x15, 0x16, 0x1A, 0x1C, 0x1F -> prefixed(in, position, end);
            case USER_PROPERTY -> {
                int first = prefixed(in, position, end);
                int second = first < 0 ? -1 : prefixed(in, position + first, end);
                yield second < 0 ? -1 : first + second;
            }
            default -> -1;
        };
    }

    private static int prefixed(ByteBuf in, int position, int end) {
        if (end - position < 2) {
            return -1;
        }
        int size = 2 + in.getUnsignedShort(position);
        return position + size > end ? -1 : size;
    }

    private static int varIntSize(ByteBuf in, int position, int end) {
        for (int i = 0; i < 4 && position + i < end; i++) {
            if ((in.getUnsignedByte(position + i) & 0x80) == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    /** Index after the property block at {@code position}, or -1. */
    static int skip(ByteBuf in, int position, int to) {
        int length = 0;
        int multiplier = 1;
        for (int i = 0; i < 4 && position < to; i++) {
            int digit = in.getUnsignedByte(position++);
            length += (digit & 0x7F) * multiplier;
            multiplier <<= 7;
            if ((digit & 0x80) == 0) {
                return position + length;
            }
        }
        return -1;
    }

    /**
     * Checks an MQTT 5 CONNECT's connect properties and will properties; null for other protocol levels or
     * when the packet is too malformed to walk (the codec then rejects it).
     */
    static String checkConnect(ByteBuf in, int from, int to) {
        if (to - from < 2) {
            return null;
        }
        int position = from + 2 + in.getUnsignedShort(from); // protocol name
        if (position + 4 > to || in.getUnsignedByte(position) != 5) {
            return null;
        }
        int flags = in.getUnsignedByte(position + 1);
        position += 4; // level, flags, keep alive
        String problem = check(in, position, to, "CONNECT");
        if (problem != null || (flags & 0x04) == 0) {
            return problem;
        }
        position = skip(in, position, to);
        if (position < 0 || to - position < 2) {
            return null;
        }
        position += 2 + in.getUnsignedShort(position); // client identifier
        return check(in, position, to, "will properties");
    }
}
