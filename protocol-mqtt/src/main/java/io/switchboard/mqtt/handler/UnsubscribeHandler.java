package io.switchboard.mqtt.handler;

import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.util.List;

/** UNSUBSCRIBE: removes each filter's subscription, then UNSUBACK (MQTT 5: one reason code per filter). */
final class UnsubscribeHandler {
    private static final short NO_SUBSCRIPTION_EXISTED = 0x11;

    void handle(Connection c, MqttUnsubscribeMessage packet) {
        List<String> filters = packet.payload().topics();
        if (filters.isEmpty()) {
            throw ProtocolViolation.disconnect(ProtocolViolation.PROTOCOL_ERROR,
                    "UNSUBSCRIBE without topic filter [MQTT-3.10.3-2]");
        }
        short[] codes = c.isV5() ? new short[filters.size()] : null;
        for (int i = 0; i < filters.size(); i++) {
            boolean existed = c.session.unsubscribe(filters.get(i));
            if (codes != null) {
                codes[i] = existed ? 0 : NO_SUBSCRIPTION_EXISTED;
            }
        }
        c.write(Packets.unsuback(packet.variableHeader().messageId(), codes));
    }
}
