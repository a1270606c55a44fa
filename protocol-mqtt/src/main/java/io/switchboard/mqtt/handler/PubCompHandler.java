package io.switchboard.mqtt.handler;

import io.netty.handler.codec.mqtt.MqttMessage;

/** PUBCOMP from a client: an outbound QoS 2 delivery is complete. */
final class PubCompHandler {
    void handle(Connection c, MqttMessage packet) {
        c.session.acknowledged(PubReplies.packetId(packet));
    }
}
