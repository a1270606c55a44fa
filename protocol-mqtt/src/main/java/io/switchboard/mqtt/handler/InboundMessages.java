package io.switchboard.mqtt.handler;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttProperty;
import io.netty.handler.codec.mqtt.MqttProperties.StringPair;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.PayloadFormat;
import io.switchboard.router.api.UserProperty;
import java.util.ArrayList;
import java.util.List;

/** Copies the MQTT 5 properties of an inbound PUBLISH or will into a {@link Message.Builder}. */
final class InboundMessages {
    private InboundMessages() {
    }

    /**
     * Copies every message property except the Message Expiry Interval, whose clock starts when the message is
     * published (see {@link #applyExpiry}).
     */
    static void applyProperties(Message.Builder builder, MqttProperties properties) {
        if (properties.isEmpty()) {
            return;
        }
        MqttProperty<?> format = properties.getProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR);
        if (format != null) {
            builder.payloadFormat((Integer) format.value() == 1 ? PayloadFormat.UTF8 : PayloadFormat.BYTES);
        }
        MqttProperty<?> contentType = properties.getProperty(MqttProperties.CONTENT_TYPE);
        if (contentType != null) {
            builder.contentType((String) contentType.value());
        }
        MqttProperty<?> responseTopic = properties.getProperty(MqttProperties.RESPONSE_TOPIC);
        if (responseTopic != null) {
            String topic = (String) responseTopic.value();
            if (topic.isEmpty() || topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
                throw ProtocolViolation.disconnect(ProtocolViolation.PROTOCOL_ERROR,
                        "response topic is not a topic name [MQTT-3.3.2-14]");
            }
            builder.responseTopic(topic);
        }
        MqttProperty<?> correlation = properties.getProperty(MqttProperties.CORRELATION_DATA);
        if (correlation != null) {
            builder.correlationData((byte[]) correlation.value());
        }
        List<? extends MqttProperty> user = properties.getProperties(MqttProperties.USER_PROPERTY);
        if (!user.isEmpty()) {
            List<UserProperty> copied = new ArrayList<>(user.size());
            for (MqttProperty<?> property : user) {
                StringPair pair = (StringPair) property.value();
                copied.add(new UserProperty(pair.key, pair.value));
            }
            builder.userProperties(copied);
        }
    }

    /** Sets the absolute expiry of a message published now from its Message Expiry Interval, if any. */
    static void applyExpiry(Message.Builder builder, MqttProperties properties, long nowMillis) {
        MqttProperty<?> expiry = properties.getProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL);
        if (expiry != null) {
            builder.expiresAtMillis(nowMillis + 1000L * Integer.toUnsignedLong((Integer) expiry.value()));
        }
    }

    /** The value of a four-byte integer property as unsigned, or {@code absent}. */
    static long unsignedInt(MqttProperties properties, int id, long absent) {
        MqttProperty<?> property = properties.getProperty(id);
        return property == null ? absent : Integer.toUnsignedLong((Integer) property.value());
    }
}
