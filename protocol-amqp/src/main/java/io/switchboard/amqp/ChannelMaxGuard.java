package io.switchboard.amqp;

import io.netty.buffer.ByteBuf;

/**
 * Watches the frame headers of a connection's input for a channel number above the announced channel-max,
 * which proton-j would otherwise accept [AMQP 2.7.1: "channel-max ... the peer MUST NOT use a channel number
 * greater than this"]. It follows the stream's structure only: 8-byte protocol headers ({@code AMQP...}) and
 * frames of {@code size} bytes whose header carries the channel; proton-j checks everything else.
 */
final class ChannelMaxGuard {
    private static final int HEADER_BYTES = 8;
    private static final int AMQP_FRAME_TYPE = 0;

    private final int channelMax;
    private final byte[] header = new byte[HEADER_BYTES];
    private int headerFill;
    private long skip;
    private int violatingChannel = -1;

    ChannelMaxGuard(int channelMax) {
        this.channelMax = channelMax;
    }

    /** The channel that broke channel-max, or -1. */
    int violatingChannel() {
        return violatingChannel;
    }

    /**
     * Scans the readable bytes (without consuming them) and returns how many of them may be given to the
     * engine: all of them, or those before the first frame on a channel above channel-max.
     */
    int safeBytes(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int i = start;
        while (i < end && violatingChannel < 0) {
            if (skip > 0) {
                int n = (int) Math.min(skip, end - i);
                skip -= n;
                i += n;
                continue;
            }
            int frameStart = i - headerFill;
            header[headerFill++] = in.getByte(i++);
            if (headerFill < HEADER_BYTES) {
                continue;
            }
            headerFill = 0;
            if (header[0] == 'A' && header[1] == 'M' && header[2] == 'Q' && header[3] == 'P') {
                continue; // a protocol header: the next bytes start a frame or another header
            }
            long size = ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8)
                    | (header[3] & 0xFF);
            int type = header[5] & 0xFF;
            int channel = ((header[6] & 0xFF) << 8) | (header[7] & 0xFF);
            if (type == AMQP_FRAME_TYPE && channel > channelMax) {
                violatingChannel = channel;
                return Math.max(0, frameStart - start);
            }
            skip = Math.max(0, size - HEADER_BYTES); // a malformed size is proton-j's to refuse
        }
        return end - start;
    }
}
