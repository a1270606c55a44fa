package io.switchboard.bench.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/**
 * Splits the inbound byte stream into MQTT packets and hands each one to {@link #onPacket} in place, without
 * creating a message object: the subclass reads the fields it needs straight from the cumulation buffer.
 */
public abstract class MqttFrameDecoder extends ByteToMessageDecoder {

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            int start = in.readerIndex();
            int readable = in.readableBytes();
            if (readable < 2) {
                return;
            }
            int length = 0;
            int multiplier = 1;
            int pos = start + 1;
            int header = 1;
            while (true) {
                if (header >= readable) {
                    return;
                }
                int digit = in.getUnsignedByte(pos++);
                header++;
                length += (digit & 0x7F) * multiplier;
                if ((digit & 0x80) == 0) {
                    break;
                }
                multiplier <<= 7;
                if (header > 4) {
                    throw new CorruptedFrameException("remaining length longer than 4 bytes");
                }
            }
            if (readable < header + length) {
                return;
            }
            int first = in.getUnsignedByte(start);
            onPacket(ctx, first >>> 4, first & 0x0F, in, start + header, length);
            in.readerIndex(start + header + length);
        }
    }

    /**
     * One complete packet; {@code buf} must only be read with absolute getters between {@code bodyStart} and
     * {@code bodyStart + bodyLength}, and not kept.
     */
    protected abstract void onPacket(ChannelHandlerContext ctx, int type, int flags, ByteBuf buf, int bodyStart,
            int bodyLength);
}
