package io.switchboard.mqtt.handler;

import io.netty.handler.codec.mqtt.MqttMessage;

/** PINGREQ: answered with PINGRESP [MQTT-3.12.4-1]. */
final class PingReqHandler {
    void handle(Connection c) {
        c.write(MqttMessage.PINGRESP);
    }
}
