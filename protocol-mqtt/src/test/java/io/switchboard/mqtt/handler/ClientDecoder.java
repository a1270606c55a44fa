package io.switchboard.mqtt.handler;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/** Decodes what the broker sent, as a client of the given version would. */
final class ClientDecoder {
    private ClientDecoder() {
    }

    /** The packets in {@code bytes}; each must be released by the caller ({@link #release}). */
    static List<MqttMessage> decode(byte[] bytes, MqttVersion version) {
        EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoder(1 << 20, 65_535));
        channel.attr(Connection.CODEC_VERSION).set(version);
        List<MqttMessage> packets = new ArrayList<>();
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
            Object packet;
            while ((packet = channel.readInbound()) != null) {
                MqttMessage message = (MqttMessage) packet;
                if (message.decoderResult().isFailure()) {
                    ReferenceCountUtil.release(message);
                    throw new AssertionError("broker sent an undecodable packet", message.decoderResult().cause());
                }
                packets.add(message);
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        return packets;
    }

    static void release(List<MqttMessage> packets) {
        packets.forEach(ReferenceCountUtil::release);
    }
}
