package io.switchboard.mqtt.handler;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.util.List;

/**
 * Checks packet boundaries before the codec sees the bytes. netty-codec-mqtt reads fields past the end of a
 * packet whose remaining length is too short (it then waits for more bytes and takes them from the next
 * packet), ignores reserved bits of the subscription options, clears the DUP flag of QoS 0 publishes and keeps
 * only the last of a repeated MQTT 5 property. This check finds these in whole packets and emits a failed
 * packet instead, which the connection answers as malformed (or, for a repeated property, as a protocol
 * error); the bytes of good packets are passed on unchanged, one slice per read. Packets over the size limit
 * are left to the codec.
 */
final class PacketStructureCheck extends ByteToMessageDecoder {
    private static final int CONNECT = 1;
    private static final int PUBLISH = 3;
    private static final int DISCONNECT = 14;
    private static final int AUTH = 15;
    private static final int PUBACK = 4;
    private static final int PUBCOMP = 7;
    private static final int SUBSCRIBE = 8;
    private static final int UNSUBSCRIBE = 10;

    private final int maxPacketSize;
    /** After an oversized packet or a failure everything is passed to the codec, which discards it. */
    private boolean passThrough;

    PacketStructureCheck(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (passThrough) {
            out.add(in.readRetainedSlice(in.readableBytes()));
            return;
        }
        MqttVersion version = ctx.channel().attr(Connection.CODEC_VERSION).get();
        int start = in.readerIndex();
        int end = in.writerIndex();
        int position = start;
        String problem = null;
        String repeated = null;
        while (position < end) {
            if (!validFirstByte(in.getUnsignedByte(position))) {
                passThrough = true; // the codec rejects it at once, before its remaining length arrives
                position = end;
                break;
            }
            int remaining = 0;
            int multiplier = 1;
            int index = position + 1;
            boolean complete = false;
            while (index < end && index <= position + 4) {
                int digit = in.getUnsignedByte(index++);
                remaining += (digit & 0x7F) * multiplier;
                multiplier <<= 7;
                if ((digit & 0x80) == 0) {
                    complete = true;
                    break;
                }
            }
            if (!complete) {
                if (index > position + 4) {
                    passThrough = true; // a remaining length of more than four bytes: the codec's error
                    position = end;
                }
                break;
            }
            if (remaining > maxPacketSize) {
                passThrough = true;
                position = end;
                break;
            }
            if (end - index < remaining) {
                break;
            }
            int header = in.getUnsignedByte(position);
            if (version == null) {
                repeated = header >> 4 == CONNECT ? PropertyRepetition.checkConnect(in, index, index + remaining) : null;
            } else {
                problem = check(in, header, index, index + remaining, version == MqttVersion.MQTT_5);
                if (problem == null && version == MqttVersion.MQTT_5) {
                    repeated = repeatedProperty(in, header, index, index + remaining);
                }
            }
            if (problem != null || repeated != null) {
                break;
            }
            position = index + remaining;
        }
        if (position > start) {
            out.add(in.readRetainedSlice(position - start));
        }
        if (problem != null || repeated != null) {
            passThrough = true;
            in.skipBytes(in.readableBytes());
            DecoderException cause = problem != null ? new DecoderException(problem)
                    : new PropertyRepetition.RepeatedPropertyException(repeated);
            out.add(MqttMessageFactory.newInvalidMessage(null, null, cause));
        }
    }

    /** A single-valued MQTT 5 property given twice in a packet a client sends, or null. */
    private static String repeatedProperty(ByteBuf in, int header, int from, int to) {
        int type = header >> 4;
        if (type == PUBLISH) {
            int qos = (header >> 1) & 3;
            return PropertyRepetition.check(in, from + 2 + in.getUnsignedShort(from) + (qos > 0 ? 2 : 0), to,
                    "PUBLISH");
        }
        if (type >= PUBACK && type <= PUBCOMP) {
            return to - from > 3 ? PropertyRepetition.check(in, from + 3, to, "acknowledgement") : null;
        }
        if (type == SUBSCRIBE || type == UNSUBSCRIBE) {
            return PropertyRepetition.check(in, from + 2, to, type == SUBSCRIBE ? "SUBSCRIBE" : "UNSUBSCRIBE");
        }
        if (type == DISCONNECT || type == AUTH) {
            return to - from > 1 ? PropertyRepetition.check(in, from + 1, to, type == AUTH ? "AUTH" : "DISCONNECT")
                    : null;
        }
        return null;
    }

    /** Packet type and flags as the specification allows them [MQTT-2.2.2-1], [MQTT-2.2.2-2]. */
    private static boolean validFirstByte(int header) {
        int flags = header & 0x0F;
        return switch (header >> 4) {
            case 0 -> false;
            case PUBLISH -> (flags & 0x06) != 0x06;
            case 6, SUBSCRIBE, UNSUBSCRIBE -> flags == 0x02;
            default -> flags == 0;
        };
    }

    /** The problem with one whole packet (header byte, body from {@code from} to {@code to}), or null. */
    private static String check(ByteBuf in, int header, int from, int to, boolean v5) {
        int type = header >> 4;
        if (type == PUBLISH) {
            int qos = (header >> 1) & 3;
            if (qos == 0 && (header & 0x08) != 0) {
                return "DUP set on a QoS 0 PUBLISH [MQTT-3.3.1-2]"; // the codec would clear it silently
            }
            if (to - from < 2) {
                return "PUBLISH shorter than its topic length";
            }
            int position = from + 2 + in.getUnsignedShort(from) + (qos > 0 ? 2 : 0);
            return v5 ? checkProperties(in, position, to, "PUBLISH") : position > to ? "truncated PUBLISH" : null;
        }
        if (type >= PUBACK && type <= PUBCOMP) {
            if (to - from < 2) {
                return "acknowledgement without packet identifier";
            }
            return v5 && to - from > 3 ? checkProperties(in, from + 3, to, "acknowledgement") : null;
        }
        if (type == SUBSCRIBE || type == UNSUBSCRIBE) {
            if (to - from < 2) {
                return "missing packet identifier";
            }
            int position = from + 2;
            if (v5) {
                String problem = checkProperties(in, position, to, type == SUBSCRIBE ? "SUBSCRIBE" : "UNSUBSCRIBE");
                if (problem != null) {
                    return problem;
                }
                position = skipProperties(in, position);
            }
            return type == SUBSCRIBE ? checkSubscriptions(in, position, to, v5) : null;
        }
        return null;
    }

    /** Checks that a property block starting at {@code position} ends within the packet. */
    private static String checkProperties(ByteBuf in, int position, int to, String packet) {
        if (position >= to) {
            return "truncated " + packet;
        }
        int end = skipProperties(in, position);
        return end < 0 || end > to ? "properties beyond the end of the " + packet : null;
    }

    /** The index after the property block at {@code position}, or -1 for a malformed length. */
    private static int skipProperties(ByteBuf in, int position) {
        int length = 0;
        int multiplier = 1;
        for (int i = 0; i < 4 && position < in.writerIndex(); i++) {
            int digit = in.getUnsignedByte(position++);
            length += (digit & 0x7F) * multiplier;
            multiplier <<= 7;
            if ((digit & 0x80) == 0) {
                return position + length;
            }
        }
        return -1;
    }

    private static String checkSubscriptions(ByteBuf in, int position, int to, boolean v5) {
        while (position < to) {
            if (to - position < 2) {
                return "truncated topic filter";
            }
            position += 2 + in.getUnsignedShort(position);
            if (position >= to) {
                return "topic filter without subscription options";
            }
            int options = in.getUnsignedByte(position++);
            if ((options & (v5 ? 0xC0 : 0xFC)) != 0) {
                return "reserved bits set in the subscription options [MQTT-3.8.3-5]";
            }
        }
        return null;
    }
}
