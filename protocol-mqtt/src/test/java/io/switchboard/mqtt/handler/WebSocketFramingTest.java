package io.switchboard.mqtt.handler;

import static io.switchboard.mqtt.handler.Bytes.connect311;
import static io.switchboard.mqtt.handler.Bytes.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.switchboard.mqtt.ws.BytesToWebSocketFrame;
import io.switchboard.mqtt.ws.NotWebSocketHandler;
import io.switchboard.mqtt.ws.WebSocketFrameToBytes;
import io.switchboard.router.api.TrafficMetrics;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The frame adapters between the WebSocket handshake handler and the MQTT codec. */
@Timeout(10)
class WebSocketFramingTest {
    private final BrokerHarness broker = new BrokerHarness(ConnectedConnectionTest.SETTINGS);
    private final EmbeddedChannel channel = new EmbeddedChannel(new WebSocketFrameToBytes(),
            new BytesToWebSocketFrame());

    WebSocketFramingTest() {
        MqttPipeline.addMqttHandlers(channel.pipeline(), new MqttHandlers(broker.settings, broker.router::connect,
                TrafficMetrics.NONE));
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
        broker.close();
    }

    @Test
    void packetSplitOverBinaryAndContinuationFramesIsDecodedAndAnsweredInABinaryFrame() {
        byte[] connect = connect311(0x02, str("ws-client"));
        int half = connect.length / 2;
        channel.writeInbound(new BinaryWebSocketFrame(false, 0,
                Unpooled.wrappedBuffer(Arrays.copyOfRange(connect, 0, half))));
        channel.writeInbound(new ContinuationWebSocketFrame(true, 0,
                Unpooled.wrappedBuffer(Arrays.copyOfRange(connect, half, connect.length))));
        channel.runPendingTasks();

        BinaryWebSocketFrame answer = channel.readOutbound();
        try {
            assertThat(ByteBufUtil.hexDump(answer.content())).isEqualTo("20020000"); // [MQTT-6.0.0-2]
        } finally {
            answer.release();
        }
    }

    @Test
    void plainHttpRequestGets404AndClose() {
        EmbeddedChannel http = new EmbeddedChannel(new NotWebSocketHandler());
        http.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/not-mqtt"));

        FullHttpResponse response = http.readOutbound();
        try {
            assertThat(response.status()).isEqualTo(HttpResponseStatus.NOT_FOUND);
            assertThat(http.isOpen()).isFalse();
        } finally {
            response.release();
            http.finishAndReleaseAll();
        }
    }

    @Test
    void corruptFrameBelowMqttClosesTheConnection() {
        channel.pipeline().fireExceptionCaught(new CorruptedWebSocketFrameException());

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void textFrameClosesTheConnection() {
        channel.writeInbound(new TextWebSocketFrame("CONNECT"));

        assertThat(channel.isOpen()).isFalse(); // [MQTT-6.0.0-1]
    }
}
