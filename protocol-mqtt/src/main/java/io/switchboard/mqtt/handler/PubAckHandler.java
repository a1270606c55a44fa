package io.switchboard.mqtt.handler;

import io.netty.handler.codec.mqtt.MqttMessage;

/** PUBACK from a client: an outbound QoS 1 delivery is done (or refused with an error reason). */
final class PubAckHandler {
    void handle(Connection c, MqttMessage packet) {
        int packetId = PubReplies.packetId(packet);
        if (PubReplies.reasonCode(packet) >= 0x80) {
            c.session.rejected(packetId);
        } else {
            c.session.acknowledged(packetId);
        }
    }
}
