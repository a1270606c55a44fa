package io.switchboard.mqtt.handler;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;

/** Reads PUBACK / PUBREC / PUBREL / PUBCOMP packets. */
final class PubReplies {
    /** MQTT 5 reason code 0x92. */
    static final int PACKET_IDENTIFIER_NOT_FOUND = 0x92;

    private PubReplies() {
    }

    static int packetId(MqttMessage packet) {
        return ((MqttMessageIdVariableHeader) packet.variableHeader()).messageId();
    }

    /** The reason code (0 when absent, always for MQTT 3.x), unsigned. */
    static int reasonCode(MqttMessage packet) {
        return packet.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply
                ? reply.reasonCode() & 0xFF : 0;
    }
}
