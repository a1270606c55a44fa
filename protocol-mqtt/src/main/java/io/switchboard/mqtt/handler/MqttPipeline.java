package io.switchboard.mqtt.handler;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.util.AttributeKey;
import io.switchboard.mqtt.MqttSettings;

/** Adds the MQTT handlers to a pipeline whose inbound side yields the raw MQTT byte stream. */
public final class MqttPipeline {
    /** The name of the listener a channel was accepted on ("mqtt", "mqtt-ws"), for metrics. */
    public static final AttributeKey<String> LISTENER = AttributeKey.valueOf("switchboard.listener");

    private MqttPipeline() {
    }

    public static void addMqttHandlers(ChannelPipeline pipeline, MqttHandlers handlers) {
        MqttSettings settings = handlers.settings();
        MqttConnectionHandler connection = new MqttConnectionHandler(handlers);
        pipeline.addLast("packetCheck", new PacketStructureCheck(settings.maxPacketSize()));
        pipeline.addLast("mqttDecoder", new MqttDecoder(settings.maxPacketSize(), settings.maxClientIdLength()));
        pipeline.addLast("mqttEncoder", MqttEncoder.INSTANCE);
        pipeline.addLast("connectTimeout", new ConnectTimeoutHandler(settings.connectTimeoutSeconds() * 1000L,
                handlers.metrics));
        pipeline.addLast("mqtt", connection);
        pipeline.addLast("errors", new MqttExceptionHandler(connection, handlers.metrics));
    }
}
