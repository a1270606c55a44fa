package io.switchboard.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.switchboard.mqtt.handler.MqttHandlers;
import io.switchboard.mqtt.handler.MqttPipeline;
import io.switchboard.mqtt.ws.BytesToWebSocketFrame;
import io.switchboard.mqtt.ws.NotWebSocketHandler;
import io.switchboard.mqtt.ws.WebSocketFrameToBytes;
import java.util.function.Supplier;

/** The pipeline of one accepted MQTT connection, over plain TCP or over WebSocket. */
final class MqttChannelInitializer extends ChannelInitializer<Channel> {
    /** WebSocket subprotocols MQTT clients ask for [MQTT-6.0.0-3]: "mqtt", and "mqttv3.1" for MQTT 3.1. */
    static final String SUBPROTOCOLS = "mqtt,mqttv3.1";
    private static final int MAX_HTTP_REQUEST = 65_536;

    private final MqttHandlers handlers;
    private final boolean websocket;
    private final Supplier<SslContext> tls;

    private final String listener;

    /**
     * @param tls      the TLS context of each new connection, or null for plain TCP
     * @param listener the listener's name for limits and logs (mqtt, mqtt-ws, mqtts, mqtt-wss)
     */
    MqttChannelInitializer(MqttHandlers handlers, boolean websocket, Supplier<SslContext> tls, String listener) {
        this.handlers = handlers;
        this.websocket = websocket;
        this.tls = tls;
        this.listener = listener;
    }

    @Override
    protected void initChannel(Channel channel) {
        if (!handlers.admission().admit(channel, listener)) {
            return;
        }
        ChannelPipeline pipeline = channel.pipeline();
        channel.attr(MqttPipeline.LISTENER).set(listener);
        if (tls != null) {
            pipeline.addLast("tls", tls.get().newHandler(channel.alloc()));
        }
        if (websocket) {
            MqttSettings settings = handlers.settings();
            pipeline.addLast("http", new HttpServerCodec());
            pipeline.addLast("httpAggregator", new HttpObjectAggregator(MAX_HTTP_REQUEST));
            pipeline.addLast("websocket", new WebSocketServerProtocolHandler(settings.websocketPath(), SUBPROTOCOLS,
                    true, Math.max(settings.maxPacketSize() + 5, MAX_HTTP_REQUEST)));
            pipeline.addLast("notWebSocket", new NotWebSocketHandler());
            pipeline.addLast("wsFrameDecoder", new WebSocketFrameToBytes());
            pipeline.addLast("wsFrameEncoder", new BytesToWebSocketFrame());
        }
        MqttPipeline.addMqttHandlers(pipeline, handlers);
    }
}
