package io.switchboard.mqtt.handler;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttVersion;

/**
 * Maps a packet the decoder could not decode to the answer the specification asks for. The decoder discards
 * the rest of the connection's bytes after a failure, so every answer ends the connection.
 */
final class DecodeFailures {
    private DecodeFailures() {
    }

    static ProtocolViolation violation(Connection c, MqttMessage packet) {
        Throwable cause = packet.decoderResult().cause();
        MqttFixedHeader fixed = packet.fixedHeader();
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (c.state == Connection.State.AWAITING_CONNECT) {
            if (cause instanceof PropertyRepetition.RepeatedPropertyException) {
                // only MQTT 5 CONNECTs are checked, before the codec saw them: answer in MQTT 5
                c.version = MqttVersion.MQTT_5;
                c.ctx.channel().attr(Connection.CODEC_VERSION).set(MqttVersion.MQTT_5);
                return ProtocolViolation.refuseConnect(ProtocolViolation.CLOSE_ONLY, ProtocolViolation.PROTOCOL_ERROR,
                        detail);
            }
            if (fixed == null || fixed.messageType() != MqttMessageType.CONNECT) {
                return ProtocolViolation.closeOnly("undecodable first packet: " + detail);
            }
            MqttVersion version = c.ctx.channel().attr(Connection.CODEC_VERSION).get();
            if (version != null) {
                c.version = version;
            }
            if (cause instanceof MqttUnacceptableProtocolVersionException) {
                return ProtocolViolation.refuseConnect(0x01, ProtocolViolation.UNSUPPORTED_PROTOCOL_VERSION,
                        detail + " [MQTT-3.1.2-2]");
            }
            if (cause instanceof MqttIdentifierRejectedException) {
                return ProtocolViolation.refuseConnect(0x02, ProtocolViolation.CLIENT_IDENTIFIER_NOT_VALID, detail);
            }
            if (cause instanceof TooLongFrameException) {
                return ProtocolViolation.refuseConnect(ProtocolViolation.CLOSE_ONLY, ProtocolViolation.PACKET_TOO_LARGE,
                        detail);
            }
            return ProtocolViolation.refuseConnect(ProtocolViolation.CLOSE_ONLY, ProtocolViolation.MALFORMED_PACKET,
                    "malformed CONNECT: " + detail);
        }
        if (cause instanceof TooLongFrameException) {
            return ProtocolViolation.disconnect(ProtocolViolation.PACKET_TOO_LARGE, detail);
        }
        if (cause instanceof PropertyRepetition.RepeatedPropertyException) {
            return ProtocolViolation.disconnect(ProtocolViolation.PROTOCOL_ERROR, detail);
        }
        if (fixed != null && fixed.messageType() == MqttMessageType.PUBLISH
                && detail.startsWith("invalid publish topic name")) {
            return ProtocolViolation.disconnect(ProtocolViolation.TOPIC_NAME_INVALID, detail + " [MQTT-3.3.2-2]");
        }
        return ProtocolViolation.disconnect(ProtocolViolation.MALFORMED_PACKET, "malformed packet: " + detail);
    }
}
