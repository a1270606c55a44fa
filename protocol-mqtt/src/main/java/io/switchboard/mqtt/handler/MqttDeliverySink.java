package io.switchboard.mqtt.handler;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.switchboard.router.api.Delivery;
import io.switchboard.router.api.DeliverySink;
import io.switchboard.router.api.DisconnectReason;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the router's deliveries for one MQTT connection arrive (always on the connection's event loop). Turns
 * them into PUBLISH / PUBREL packets, written without flush: the connection flushes once per loop batch.
 */
final class MqttDeliverySink implements DeliverySink {
    private static final Logger LOG = LoggerFactory.getLogger(MqttDeliverySink.class);
    private static final MqttFixedHeader[] HEADERS = new MqttFixedHeader[16];

    static {
        for (int flags = 0; flags < 16; flags++) {
            int qos = (flags >> 1) & 3;
            if (qos < 3) {
                HEADERS[flags] = new MqttFixedHeader(MqttMessageType.PUBLISH, (flags & 8) != 0,
                        MqttQoS.valueOf(qos), (flags & 1) != 0, 0);
            }
        }
    }

    private final Connection connection;

    MqttDeliverySink(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void deliver(Delivery delivery) {
        if (connection.holdingDeliveries()) {
            connection.hold(delivery);
        } else {
            publish(delivery);
        }
    }

    @Override
    public void resendRelease(int deliveryId) {
        if (connection.holdingDeliveries()) {
            connection.hold(deliveryId);
        } else {
            connection.write(Packets.pubrel(deliveryId, 0));
        }
    }

    @Override
    public void close(DisconnectReason reason) {
        connection.sessionEnded = true;
        if (connection.state == Connection.State.CLOSED) {
            return;
        }
        String why = reason.name().toLowerCase(java.util.Locale.ROOT);
        boolean connackSent = connection.state == Connection.State.CONNECTED;
        connection.close(connection.isV5() && connackSent ? Packets.disconnect(reason.mqttCode()) : null, why);
    }

    /** Sends a held item: a {@link Delivery} or the packet id of a PUBREL. */
    void send(Object held) {
        if (held instanceof Delivery delivery) {
            publish(delivery);
        } else {
            connection.write(Packets.pubrel((Integer) held, 0));
        }
    }

    private void publish(Delivery delivery) {
        if (connection.state == Connection.State.CLOSED) {
            return;
        }
        Message message = delivery.message();
        boolean v5 = connection.isV5();
        String topic = message.topic();
        long remainingExpiry = v5 ? message.remainingExpirySeconds(System.currentTimeMillis()) : -1;
        OutboundTopicAliases aliases = connection.outboundAliases;
        int alias = 0;
        boolean newAlias = false;
        String wireTopic = topic;
        if (aliases != null) {
            alias = aliases.existing(topic);
            if (alias != 0) {
                wireTopic = "";
            } else {
                alias = aliases.next();
                newAlias = alias != 0;
            }
        }
        if (connection.clientMaximumPacketSize > 0 && OutboundPublish.packetSize(delivery, wireTopic,
                remainingExpiry, alias, v5) > connection.clientMaximumPacketSize) {
            dropTooLarge(delivery);
            return;
        }
        if (newAlias) {
            aliases.assign(topic, alias);
        }
        MqttProperties properties = v5 ? OutboundPublish.properties(delivery, remainingExpiry, alias)
                : MqttProperties.NO_PROPERTIES;
        int qos = delivery.qos().level();
        int flags = (delivery.duplicate() ? 8 : 0) | (qos << 1) | (delivery.retain() ? 1 : 0);
        MqttPublishVariableHeader header = new MqttPublishVariableHeader(wireTopic, qos > 0 ? delivery.id() : 0,
                properties);
        connection.write(new MqttPublishMessage(HEADERS[flags], header, Unpooled.wrappedBuffer(message.payload())));
        connection.metrics.messageSent(Protocol.MQTT, delivery.qos(), message.payload().length);
    }

    /** A packet the client would refuse is discarded as if sent [MQTT-3.1.2-25]. */
    private void dropTooLarge(Delivery delivery) {
        connection.metrics.deliveryDropped(Protocol.MQTT, "packet_too_large");
        LOG.info("delivery.dropped reason=packet_too_large client={} topic={} qos={} max={}", connection.clientId,
                delivery.message().topic(), delivery.qos().level(), connection.clientMaximumPacketSize);
        if (delivery.qos().level() > 0 && connection.session != null) {
            connection.session.rejected(delivery.id());
        }
    }
}
