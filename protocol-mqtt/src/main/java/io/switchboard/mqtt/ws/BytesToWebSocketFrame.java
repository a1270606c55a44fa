package io.switchboard.mqtt.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.util.List;

/** Wraps each encoded MQTT packet into one binary WebSocket frame. */
public final class BytesToWebSocketFrame extends MessageToMessageEncoder<ByteBuf> {
    public BytesToWebSocketFrame() {
        super(ByteBuf.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
        out.add(new BinaryWebSocketFrame(bytes.retain()));
    }
}
