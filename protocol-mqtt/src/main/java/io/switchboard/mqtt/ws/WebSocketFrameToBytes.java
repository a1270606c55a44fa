package io.switchboard.mqtt.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * Unwraps the MQTT byte stream from binary and continuation frames (an MQTT packet may span frames and a frame
 * may carry several packets [MQTT-6.0.0-2], [MQTT-6.0.0-3]). A text frame is an error that closes the
 * connection [MQTT-6.0.0-1]; the connection's exception handler logs it.
 */
public final class WebSocketFrameToBytes extends MessageToMessageDecoder<WebSocketFrame> {
    public WebSocketFrameToBytes() {
        super(WebSocketFrame.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (!(frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame)) {
            throw new DecoderException(frame.getClass().getSimpleName() + " on an MQTT connection [MQTT-6.0.0-1]");
        }
        out.add(frame.content().retain());
    }
}
