package io.switchboard.bench.mqtt;

import io.netty.buffer.ByteBuf;

/** Reads the one MQTT 5 CONNACK property the publisher needs: Receive Maximum (0x21). */
final class ConnackProperties {
    private static final int DEFAULT_RECEIVE_MAXIMUM = 65535;

    private ConnackProperties() {
    }

    /** @param pos where the property length starts; {@code end} the end of the packet body */
    static int receiveMaximum(ByteBuf buf, int pos, int end) {
        int length = 0;
        int shift = 0;
        int digit;
        do {
            digit = buf.getUnsignedByte(pos++);
            length |= (digit & 0x7F) << shift;
            shift += 7;
        } while ((digit & 0x80) != 0);
        int stop = Math.min(end, pos + length);
        while (pos < stop) {
            int id = buf.getUnsignedByte(pos++);
            switch (id) {
                case 0x21 -> {
                    return buf.getUnsignedShort(pos);
                }
                case 0x24, 0x25, 0x28, 0x29, 0x2A -> pos += 1;
                case 0x13, 0x22 -> pos += 2;
                case 0x11, 0x27 -> pos += 4;
                case 0x12, 0x1A, 0x1C, 0x1F, 0x15, 0x16 -> pos += 2 + buf.getUnsignedShort(pos);
                case 0x26 -> {
                    pos += 2 + buf.getUnsignedShort(pos);
                    pos += 2 + buf.getUnsignedShort(pos);
                }
                default -> {
                    return DEFAULT_RECEIVE_MAXIMUM;
                }
            }
        }
        return DEFAULT_RECEIVE_MAXIMUM;
    }
}
