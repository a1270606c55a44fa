package io.switchboard.mqtt.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unwraps the MQTT byte stream from binary and continuation frames (an MQTT packet may span frames and a frame
 * may carry several packets [MQTT-6.0.0-2], [MQTT-6.0.0-3]). A text frame closes the connection [MQTT-6.0.0-1].
 */
public final class WebSocketFrameToBytes extends MessageToMessageDecoder<WebSocketFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketFrameToBytes.class);

    public WebSocketFrameToBytes() {
        super(WebSocketFrame.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            ByteBuf content = frame.content();
            out.add(content.retain());
        } else {
            LOG.info("client.protocol_error code=0x0 addr={} detail=non-binary WebSocket frame [MQTT-6.0.0-1]",
                    ctx.channel().remoteAddress());
            ctx.close();
        }
    }
}
