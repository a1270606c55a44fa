package io.switchboard.mqtt.handler;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.switchboard.mqtt.MqttSettings;

/**
 * DISCONNECT from a client. A normal disconnect (reason 0x00, and always for MQTT 3.x) discards the will
 * [MQTT-3.14.4-3]; any other MQTT 5 reason (0x04 "disconnect with will message", or an error) publishes it.
 */
final class DisconnectHandler {
    private final long maxSessionExpirySeconds;

    DisconnectHandler(MqttSettings settings) {
        this.maxSessionExpirySeconds = settings.maxSessionExpirySeconds();
    }

    void handle(Connection c, MqttMessage packet) {
        int reason = 0;
        if (c.isV5() && packet.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header) {
            reason = header.reasonCode() & 0xFF;
            long expiry = InboundMessages.unsignedInt(header.properties(), MqttProperties.SESSION_EXPIRY_INTERVAL, -1);
            if (expiry >= 0) {
                if (c.sessionExpirySeconds == 0 && expiry != 0) {
                    throw ProtocolViolation.disconnect(ProtocolViolation.PROTOCOL_ERROR,
                            "session expiry raised from 0 at DISCONNECT [MQTT-3.14.2-2]");
                }
                c.session.sessionExpiry(Math.min(expiry, maxSessionExpirySeconds));
            }
        }
        boolean publishWill = reason != 0;
        c.endSession(publishWill);
        c.close(null, reason == 0 ? "client_disconnect" : "client_disconnect_0x" + Integer.toHexString(reason));
    }
}
