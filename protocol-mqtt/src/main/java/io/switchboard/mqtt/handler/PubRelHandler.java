package io.switchboard.mqtt.handler;

import io.netty.handler.codec.mqtt.MqttMessage;

/** PUBREL from a client: the inbound QoS 2 packet id is released; the broker answers with PUBCOMP. */
final class PubRelHandler {
    void handle(Connection c, MqttMessage packet) {
        int packetId = PubReplies.packetId(packet);
        boolean known = c.session.releaseInboundQos2(packetId);
        if (known && c.inboundUnacknowledged > 0) {
            c.inboundUnacknowledged--;
        }
        c.write(Packets.pubcomp(packetId, known || !c.isV5() ? 0 : PubReplies.PACKET_IDENTIFIER_NOT_FOUND));
    }
}
