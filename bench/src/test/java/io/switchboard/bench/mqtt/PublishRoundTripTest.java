package io.switchboard.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.switchboard.bench.DeliveryFeedback;
import io.switchboard.bench.DeliveryLog;
import io.switchboard.bench.LatencyRecorder;
import io.switchboard.bench.RunCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The publisher's template bytes, split across reads, are decoded by the subscriber and acknowledged. */
class PublishRoundTripTest {

    @ParameterizedTest
    @CsvSource({"4,1", "5,1", "5,2", "4,0"})
    void subscriberDecodesTemplateAndAcks(int version, int qos) {
        RunCounters counters = new RunCounters();
        DeliveryLog log = new DeliveryLog(3);
        DeliveryFeedback feedback = new DeliveryFeedback(3);
        LatencyRecorder latency = new LatencyRecorder();
        long now = System.nanoTime();
        latency.window(now - 1_000_000_000L, now + 60_000_000_000L);
        SubscriberClient client = new SubscriberClient("s", version, 0, "a/+", qos, log, latency, counters,
                feedback);
        EmbeddedChannel ch = new EmbeddedChannel(client);
        releaseAll(ch);

        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x20, 0x02, 0x00, 0x00}));
        ByteBuf subscribe = ch.readOutbound();
        assertThat((int) subscribe.getUnsignedByte(0)).isEqualTo(0x82);
        subscribe.release();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x90, 0x03, 0x00, 0x01, (byte) qos}));
        assertThat(client.ready()).isDone();

        PublishTemplate template = new PublishTemplate("a/b", qos, version, 64, 2);
        ByteBuf two = Unpooled.buffer();
        template.writeTo(two, 7, 41, System.nanoTime());
        template.writeTo(two, 8, 42, System.nanoTime());
        int cut = template.length() + 5;
        ch.writeInbound(two.retainedSlice(0, cut));
        ch.writeInbound(two.retainedSlice(cut, two.readableBytes() - cut));
        two.release();

        assertThat(counters.delivered.sum()).isEqualTo(2);
        assertThat(log.received(2).contains(7)).isTrue();
        assertThat(log.received(2).contains(8)).isTrue();
        assertThat(feedback.deliveredCopies(2)).isEqualTo(2);
        assertThat(latency.merged().getTotalCount()).isEqualTo(2);
        if (qos > 0) {
            ByteBuf acks = Unpooled.buffer();
            for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
                acks.writeBytes(b);
                b.release();
            }
            int type = qos == 1 ? 0x40 : 0x50;
            assertThat(ByteBufUtil.hexDump(acks)).isEqualTo(ByteBufUtil.hexDump(new byte[] {
                (byte) type, 2, 0, 41, (byte) type, 2, 0, 42}));
            acks.release();
        }
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void connackReceiveMaximumIsRead() {
        ByteBuf props = Unpooled.wrappedBuffer(new byte[] {8, 0x24, 1, 0x21, 0x00, 0x0A, 0x13, 0, 60});
        assertThat(ConnackProperties.receiveMaximum(props, 0, props.readableBytes())).isEqualTo(10);
        props.release();
    }

    private static void releaseAll(EmbeddedChannel ch) {
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            b.release();
        }
    }
}
