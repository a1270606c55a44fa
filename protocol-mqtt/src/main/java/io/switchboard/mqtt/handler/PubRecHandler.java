package io.switchboard.mqtt.handler;

import io.netty.handler.codec.mqtt.MqttMessage;

/** PUBREC from a client: an outbound QoS 2 delivery arrived; the broker answers with PUBREL. */
final class PubRecHandler {
    void handle(Connection c, MqttMessage packet) {
        int packetId = PubReplies.packetId(packet);
        if (PubReplies.reasonCode(packet) >= 0x80) {
            c.session.rejected(packetId);
            return;
        }
        boolean known = c.session.received(packetId);
        c.write(Packets.pubrel(packetId, known || !c.isV5() ? 0 : PubReplies.PACKET_IDENTIFIER_NOT_FOUND));
    }
}
