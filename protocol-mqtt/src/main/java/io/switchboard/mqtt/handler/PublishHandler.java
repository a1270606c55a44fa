package io.switchboard.mqtt.handler;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttProperty;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.switchboard.mqtt.MqttLimits;
import io.switchboard.mqtt.MqttSettings;
import io.switchboard.router.api.BrokerSession;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.PublishOutcome;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.TrafficMetrics;
import io.switchboard.router.security.Action;
import io.switchboard.router.security.Authorizer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PUBLISH from a client: resolves topic aliases, routes the message and acknowledges per QoS. */
final class PublishHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PublishHandler.class);
    static final int NOT_AUTHORIZED = 0x87;

    static final int TOPIC_NAME_INVALID = 0x90;
    static final int MESSAGE_RATE_TOO_HIGH = 0x96;

    private final int receiveMaximum;
    private final TrafficMetrics metrics;
    private final Authorizer authorizer;
    private final Supplier<MqttLimits> limits;

    PublishHandler(MqttSettings settings, TrafficMetrics metrics, Authorizer authorizer,
                   Supplier<MqttLimits> limits) {
        this.receiveMaximum = Math.max(1, Math.min(settings.receiveMaximum(), 65_535));
        this.metrics = metrics;
        this.authorizer = authorizer;
        this.limits = limits;
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
        int packetId = header.packetId();
        if (fixed.qosLevel().value() <= 2) {
            metrics.messageReceived(Protocol.MQTT, Qos.ofLevel(fixed.qosLevel().value()),
                    packet.payload().readableBytes());
        }
        MqttLimits limits = c.limits(this.limits.get());
        if (limits.limitsPublishRate()) {
            PublishRate.check(c, limits, packet.payload().readableBytes());
        }
        if (!limits.topicAllowed(topic)) {
            refused(c, topic, fixed.qosLevel().value(), packetId, TOPIC_NAME_INVALID, "topic_too_long");
            return;
        }
        if (authorizer != Authorizer.ALLOW_ALL
                && !authorizer.isAllowed(c.principal, c.clientId, Action.PUBLISH, topic)) {
            refused(c, topic, fixed.qosLevel().value(), packetId, NOT_AUTHORIZED, "not_authorized");
            return;
        }
        route(c, topic, packet, packetId);
        if (limits.memory() != null && limits.memory().exceededNow()) {
            PublishRate.pauseForMemory(c, limits.memory());
        }
    }

    private void route(Connection c, String topic, MqttPublishMessage packet, int packetId) {
        BrokerSession session = c.session;
        boolean v5 = c.isV5();
        switch (packet.fixedHeader().qosLevel()) {
            case AT_MOST_ONCE -> session.publish(message(c, topic, packet, Qos.AT_MOST_ONCE));
            case AT_LEAST_ONCE -> {
                if (quotaExhausted(c)) {
                    throw receiveMaximumExceeded();
                }
                c.inboundUnacknowledged++;
                OrderedAcks.Slot slot = c.acks.reserve();
                session.publish(message(c, topic, packet, Qos.AT_LEAST_ONCE), outcome -> {
                    c.inboundUnacknowledged--;
                    if (c.state == Connection.State.CLOSED || refusedWithoutReasonCode(c, outcome)) {
                        c.acks.complete(c, slot, null);
                        return;
                    }
                    c.acks.complete(c, slot, Packets.puback(packetId, v5 ? reasonCode(outcome) : 0));
                });
            }
            case EXACTLY_ONCE -> publishExactlyOnce(c, topic, packet, packetId);
            default -> throw ProtocolViolation.disconnect(ProtocolViolation.MALFORMED_PACKET, "QoS 3 [MQTT-3.3.1-4]");
        }
    }

    /**
     * A publish the ACL denies (or whose topic is over the length or level limit) is not routed. QoS 0: dropped.
     * QoS 1/2: MQTT 5 answers PUBACK/PUBREC with {@code v5Code}; MQTT 3.x has no reason codes, so it is
     * acknowledged as usual and dropped (as Mosquitto does), so that the client does not resend it forever. Each
     * refusal is counted as a dropped delivery with {@code reason}; the first of a connection is logged.
     */
    private static void refused(Connection c, String topic, int qos, int packetId, int v5Code, String reason) {
        c.metrics.deliveryDropped(Protocol.MQTT, reason);
        if (c.deniedPublishes++ == 0) {
            LOG.info("publish.denied id={} user={} topic={} qos={} reason={}", c.clientId,
                    c.principal.anonymous() ? "-" : c.principal.name(), topic, qos, reason);
        }
        int code = c.isV5() ? v5Code : 0;
        if (qos == 1) {
            c.acks.now(c, Packets.puback(packetId, code));
        } else if (qos == 2) {
            c.acks.now(c, Packets.pubrec(packetId, code));
        }
    }

    private void publishExactlyOnce(Connection c, String topic, MqttPublishMessage packet, int packetId) {
        BrokerSession session = c.session;
        boolean v5 = c.isV5();
        if (!session.beginInboundQos2(packetId)) {
            c.acks.now(c, Packets.pubrec(packetId, 0));
            return;
        }
        if (quotaExhausted(c)) {
            session.releaseInboundQos2(packetId);
            throw receiveMaximumExceeded();
        }
        c.inboundUnacknowledged++;
        OrderedAcks.Slot slot = c.acks.reserve();
        session.publish(message(c, topic, packet, Qos.EXACTLY_ONCE), outcome -> {
            int code = reasonCode(outcome);
            if (code >= 0x80 && session.releaseInboundQos2(packetId)) {
                c.inboundUnacknowledged--; // an error PUBREC ends the exchange
            }
            if (c.state == Connection.State.CLOSED || refusedWithoutReasonCode(c, outcome)) {
                c.acks.complete(c, slot, null);
                return;
            }
            c.acks.complete(c, slot, Packets.pubrec(packetId, v5 ? code : 0));
        });
    }

    /**
     * A QoS 1/2 publish counts against the broker's Receive Maximum until its PUBACK / PUBCOMP is sent; one more
     * than announced is a protocol violation [MQTT-3.3.4-9]. MQTT 3.x cannot be told a limit, so it is held to
     * none.
     */
    private boolean quotaExhausted(Connection c) {
        return c.isV5() && c.inboundUnacknowledged >= receiveMaximum;
    }

    private ProtocolViolation receiveMaximumExceeded() {
        return ProtocolViolation.disconnect(ProtocolViolation.RECEIVE_MAXIMUM_EXCEEDED,
                "more than " + receiveMaximum + " unacknowledged QoS 1/2 publishes [MQTT-3.3.4-9]");
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
            MqttProperties properties = packet.variableHeader().properties();
            InboundMessages.applyProperties(builder, properties);
            InboundMessages.applyExpiry(builder, properties, now);
        }
        return builder.build();
    }

    /**
     * MQTT 3.x acknowledgements carry no reason code: a publish the broker refused (store full, not stored) is
     * answered by closing the connection without acknowledging it, so the client keeps the message and
     * retries after reconnecting, instead of believing it was accepted.
     */
    private static boolean refusedWithoutReasonCode(Connection c, PublishOutcome outcome) {
        if (c.isV5() || (outcome != PublishOutcome.QUOTA_EXCEEDED && outcome != PublishOutcome.NOT_STORED)) {
            return false;
        }
        c.close(null, "publish_refused_" + outcome.name().toLowerCase(java.util.Locale.ROOT));
        return true;
    }

    static int reasonCode(PublishOutcome outcome) {
        return switch (outcome) {
            case ROUTED -> 0x00;
            case NO_MATCHING_SUBSCRIBERS -> 0x10;
            case QUOTA_EXCEEDED -> 0x97;
            case TOPIC_NAME_INVALID -> 0x90;
            case NOT_STORED -> 0x80;
        };
    }
}
