package io.switchboard.amqp;

import io.netty.buffer.ByteBuf;

/**
 * Where the SASL header and frames end in a connection's input, so that until the SASL outcome is decided the
 * transport is fed one frame at a time: bytes a client sends after its init frame (a pipelined AMQP header)
 * must wait for the credentials check instead of being parsed as SASL frames.
 */
final class SaslFraming {
    private static final int HEADER = 8;
    private static final int SIZE_BYTES = 4;

    private long fed;
    private long frameEnd = HEADER;
    private int sizeRead;
    private long size;

    /** How many of the readable bytes may be fed now without crossing the end of the current header or frame. */
    int feedable(ByteBuf in) {
        int readable = in.readableBytes();
        if (fed < frameEnd) {
            return (int) Math.min(readable, frameEnd - fed);
        }
        // at a frame start: read its size (it may arrive in pieces), then the frame may be fed up to its end
        int i = in.readerIndex();
        while (sizeRead < SIZE_BYTES && i < in.writerIndex()) {
            size = (size << 8) | in.getUnsignedByte(i++);
            sizeRead++;
        }
        if (sizeRead < SIZE_BYTES) {
            return readable;
        }
        long start = frameEnd;
        frameEnd = start + Math.max(size, SIZE_BYTES); // a size below the header size: proton-j reports the error
        sizeRead = 0;
        size = 0;
        return (int) Math.min(readable, frameEnd - fed);
    }

    /** Counts bytes handed to the transport. */
    void fed(int bytes) {
        fed += bytes;
    }
}
