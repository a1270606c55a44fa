package io.switchboard.mqtt.handler;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.BinaryProperty;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.netty.handler.codec.mqtt.MqttProperties.UserProperty;
import io.switchboard.router.api.Delivery;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.PayloadFormat;

/**
 * The MQTT 5 properties of an outbound PUBLISH and the encoded size of the whole packet, computed from the
 * same fields so that the size check [MQTT-3.1.2-24] matches what the encoder writes.
 */
final class OutboundPublish {
    private OutboundPublish() {
    }

    /** The properties to send, {@link MqttProperties#NO_PROPERTIES} when there are none. */
    static MqttProperties properties(Delivery delivery, long remainingExpiry, int topicAlias) {
        Message message = delivery.message();
        int[] subscriptionIds = delivery.subscriptionIds();
        if (remainingExpiry < 0 && topicAlias == 0 && subscriptionIds.length == 0 && message.contentType() == null
                && message.responseTopic() == null && message.correlationData() == null
                && message.userProperties().isEmpty() && message.payloadFormat() == PayloadFormat.UNSPECIFIED) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties properties = new MqttProperties();
        if (message.payloadFormat() != PayloadFormat.UNSPECIFIED) {
            properties.add(new IntegerProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR,
                    message.payloadFormat() == PayloadFormat.UTF8 ? 1 : 0));
        }
        if (remainingExpiry >= 0) {
            properties.add(new IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, (int) remainingExpiry));
        }
        if (topicAlias != 0) {
            properties.add(new IntegerProperty(MqttProperties.TOPIC_ALIAS, topicAlias));
        }
        if (message.responseTopic() != null) {
            properties.add(new StringProperty(MqttProperties.RESPONSE_TOPIC, message.responseTopic()));
        }
        if (message.correlationData() != null) {
            properties.add(new BinaryProperty(MqttProperties.CORRELATION_DATA, message.correlationData()));
        }
        for (io.switchboard.router.api.UserProperty p : message.userProperties()) {
            properties.add(new UserProperty(p.name(), p.value()));
        }
        for (int id : subscriptionIds) {
            properties.add(new IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, id));
        }
        if (message.contentType() != null) {
            properties.add(new StringProperty(MqttProperties.CONTENT_TYPE, message.contentType()));
        }
        return properties;
    }

    /** Bytes of the encoded PUBLISH packet, fixed header included. */
    static long packetSize(Delivery delivery, String wireTopic, long remainingExpiry, int topicAlias, boolean v5) {
        Message message = delivery.message();
        long remaining = 2L + ByteBufUtil.utf8Bytes(wireTopic) + message.payload().length;
        if (delivery.qos().level() > 0) {
            remaining += 2;
        }
        if (v5) {
            long props = propertiesSize(delivery, remainingExpiry, topicAlias);
            remaining += variableByteIntegerSize(props) + props;
        }
        return 1 + variableByteIntegerSize(remaining) + remaining;
    }

    private static long propertiesSize(Delivery delivery, long remainingExpiry, int topicAlias) {
        Message message = delivery.message();
        long size = 0;
        if (message.payloadFormat() != PayloadFormat.UNSPECIFIED) {
            size += 2;
        }
        if (remainingExpiry >= 0) {
            size += 5;
        }
        if (topicAlias != 0) {
            size += 3;
        }
        if (message.responseTopic() != null) {
            size += 3 + ByteBufUtil.utf8Bytes(message.responseTopic());
        }
        if (message.correlationData() != null) {
            size += 3 + message.correlationData().length;
        }
        for (io.switchboard.router.api.UserProperty p : message.userProperties()) {
            size += 5 + ByteBufUtil.utf8Bytes(p.name()) + ByteBufUtil.utf8Bytes(p.value());
        }
        for (int id : delivery.subscriptionIds()) {
            size += 1 + variableByteIntegerSize(id);
        }
        if (message.contentType() != null) {
            size += 3 + ByteBufUtil.utf8Bytes(message.contentType());
        }
        return size;
    }

    static int variableByteIntegerSize(long value) {
        if (value < 128) {
            return 1;
        }
        if (value < 16_384) {
            return 2;
        }
        if (value < 2_097_152) {
            return 3;
        }
        return 4;
    }
}
