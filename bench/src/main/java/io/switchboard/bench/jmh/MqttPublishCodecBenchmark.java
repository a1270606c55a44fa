package io.switchboard.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.switchboard.bench.mqtt.MqttPackets;
import io.switchboard.bench.mqtt.PublishTemplate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * netty-codec-mqtt encode and decode of one QoS 1 PUBLISH ({@code site/42/dev/7/temp}), MQTT 3.1.1 and 5,
 * 64 B and 1 KiB, through a channel whose protocol version was set by decoding a CONNECT, as in the broker.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MqttPublishCodecBenchmark {
    private static final String TOPIC = "site/42/dev/7/temp";

    @Param({"4", "5"})
    int version;

    @Param({"64", "1024"})
    int payloadBytes;

    private EmbeddedChannel channel;
    private ByteBuf encoded;
    private ByteBuf payload;
    private int packetId;

    @Setup(Level.Trial)
    public void setUp() {
        channel = new EmbeddedChannel(new MqttDecoder(1024 * 1024, 256), MqttEncoder.INSTANCE);
        ByteBuf connect = Unpooled.buffer();
        MqttPackets.connect(connect, "bench", version, 60);
        channel.writeInbound(connect);
        Object connectMessage = channel.readInbound();
        io.netty.util.ReferenceCountUtil.release(connectMessage);
        encoded = Unpooled.directBuffer();
        new PublishTemplate(TOPIC, 1, version, payloadBytes, 0).writeTo(encoded, 1, 1, System.nanoTime());
        payload = Unpooled.directBuffer(payloadBytes).writeZero(payloadBytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoded.release();
        payload.release();
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public int encode() {
        packetId = packetId == 65535 ? 1 : packetId + 1;
        MqttPublishMessage message = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader(TOPIC, packetId, MqttProperties.NO_PROPERTIES),
                payload.retainedDuplicate());
        channel.writeOutbound(message);
        ByteBuf out = channel.readOutbound();
        int n = out.readableBytes();
        out.release();
        return n;
    }

    @Benchmark
    public int decode() {
        channel.writeInbound(encoded.retainedDuplicate());
        MqttPublishMessage message = channel.readInbound();
        int n = message.payload().readableBytes();
        message.release();
        return n;
    }
}
