package io.switchboard.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ChannelMaxGuardTest {
    private static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
    private static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};

    private static byte[] frame(int type, int channel, int bodyBytes) {
        return ByteBuffer.allocate(8 + bodyBytes).putInt(8 + bodyBytes).put((byte) 2).put((byte) type)
                .putShort((short) channel).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

    private static int safe(ChannelMaxGuard guard, byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            int safe = guard.safeBytes(buf);
            assertThat(buf.readerIndex()).as("nothing consumed").isZero();
            return safe;
        } finally {
            buf.release();
        }
    }

    @Test
    void wellBehavedStreamPassesWhole() {
        byte[] stream = concat(SASL_HEADER, frame(1, 0, 20), AMQP_HEADER, frame(0, 0, 30), frame(0, 255, 0),
                frame(0, 7, 100));
        ChannelMaxGuard guard = new ChannelMaxGuard(255);
        assertThat(safe(guard, stream)).isEqualTo(stream.length);
        assertThat(guard.violatingChannel()).isEqualTo(-1);
    }

    @Test
    void stopsBeforeTheFirstFrameAboveChannelMaxEvenAcrossChunks() {
        byte[] good = concat(AMQP_HEADER, frame(0, 0, 12));
        byte[] bad = frame(0, 256, 4);
        byte[] stream = concat(good, bad, frame(0, 0, 0));
        ChannelMaxGuard whole = new ChannelMaxGuard(255);
        assertThat(safe(whole, stream)).isEqualTo(good.length);
        assertThat(whole.violatingChannel()).isEqualTo(256);

        ChannelMaxGuard chunked = new ChannelMaxGuard(255);
        int total = 0;
        for (int offset = 0; offset < stream.length && chunked.violatingChannel() < 0; offset += 3) {
            byte[] chunk = java.util.Arrays.copyOfRange(stream, offset, Math.min(stream.length, offset + 3));
            total += safe(chunked, chunk);
        }
        assertThat(chunked.violatingChannel()).isEqualTo(256);
        // at most the first 7 bytes of the offending header reach the engine: never a whole frame header
        assertThat(total).isBetween(good.length, good.length + 7);
    }

    @Test
    void saslFramesAreNotChecked() {
        byte[] stream = concat(SASL_HEADER, frame(1, 4000, 10));
        assertThat(safe(new ChannelMaxGuard(0), stream)).isEqualTo(stream.length);
    }
}
