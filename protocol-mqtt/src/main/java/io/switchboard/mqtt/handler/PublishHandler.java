package io.switchboard.mqtt.handler;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttProperty;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.switchboard.mqtt.MqttSettings;
import io.switchboard.router.api.BrokerSession;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.PublishOutcome;
import io.switchboard.router.api.Qos;

/** PUBLISH from a client: resolves topic aliases, routes the message and acknowledges per QoS. */
final class PublishHandler {
    private final int receiveMaximum;

    PublishHandler(MqttSettings settings) {
        this.receiveMaximum = Math.max(1, Math.min(settings.receiveMaximum(), 65_535));
    }

    void handle(Connection c, MqttPublishMessage packet) {
        MqttFixedHeader fixed = packet.fixedHeader();
        MqttPublishVariableHeader header = packet.variableHeader();
        MqttProperties properties = header.properties();
        String topic = header.topicName();
        boolean v5 = c.isV5();
        if (v5) {
            MqttProperty<?> alias = properties.getProperty(MqttProperties.TOPIC_ALIAS);
            topic = c.inboundAliases.resolve(topic, alias == null ? -1 : (Integer) alias.value());
            if (properties.getProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER) != null) {
                throw ProtocolViolation.disconnect(ProtocolViolation.PROTOCOL_ERROR,
                        "subscription identifier in a client PUBLISH [MQTT-3.3.4-6]");
            }
        } else if (topic.isEmpty()) {
            throw ProtocolViolation.disconnect(ProtocolViolation.PROTOCOL_ERROR, "empty topic name [MQTT-4.7.3-1]");
        }
        BrokerSession session = c.session;
        int packetId = header.packetId();
        switch (fixed.qosLevel()) {
            case AT_MOST_ONCE -> session.publish(message(c, topic, packet, Qos.AT_MOST_ONCE));
            case AT_LEAST_ONCE -> {
                PublishOutcome outcome = session.publish(message(c, topic, packet, Qos.AT_LEAST_ONCE));
                c.write(Packets.puback(packetId, v5 ? reasonCode(outcome) : 0));
            }
            case EXACTLY_ONCE -> publishExactlyOnce(c, topic, packet, packetId);
            default -> throw ProtocolViolation.disconnect(ProtocolViolation.MALFORMED_PACKET, "QoS 3 [MQTT-3.3.1-4]");
        }
    }

    private void publishExactlyOnce(Connection c, String topic, MqttPublishMessage packet, int packetId) {
        BrokerSession session = c.session;
        boolean v5 = c.isV5();
        if (!session.beginInboundQos2(packetId)) {
            c.write(Packets.pubrec(packetId, 0));
            return;
        }
        if (v5 && c.inboundQos2Pending >= receiveMaximum) {
            session.releaseInboundQos2(packetId);
            throw ProtocolViolation.disconnect(ProtocolViolation.RECEIVE_MAXIMUM_EXCEEDED,
                    "more than " + receiveMaximum + " unacknowledged QoS 2 publishes [MQTT-3.3.4-9]");
        }
        c.inboundQos2Pending++;
        int code = reasonCode(session.publish(message(c, topic, packet, Qos.EXACTLY_ONCE)));
        if (code >= 0x80) {
            session.releaseInboundQos2(packetId);
            c.inboundQos2Pending--;
        }
        c.write(Packets.pubrec(packetId, v5 ? code : 0));
    }

    /** The one copy of the payload: from the network buffer into the message every subscriber shares. */
    private static Message message(Connection c, String topic, MqttPublishMessage packet, Qos qos) {
        long now = System.currentTimeMillis();
        Message.Builder builder = Message.builder(topic, ByteBufUtil.getBytes(packet.payload()))
                .qos(qos)
                .retain(packet.fixedHeader().isRetain())
                .publisherId(c.clientId)
                .createdAtMillis(now);
        if (c.isV5()) {
            InboundMessages.applyProperties(builder, packet.variableHeader().properties(), now, true);
        }
        return builder.build();
    }

    static int reasonCode(PublishOutcome outcome) {
        return switch (outcome) {
            case ROUTED -> 0x00;
            case NO_MATCHING_SUBSCRIBERS -> 0x10;
            case QUOTA_EXCEEDED -> 0x97;
            case TOPIC_NAME_INVALID -> 0x90;
        };
    }
}
