package io.switchboard.mqtt.handler;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;

/**
 * AUTH (MQTT 5 section 3.15): the client's next message of an enhanced authentication (reason 0x18 continue,
 * while authenticating), or a re-authentication (reason 0x19, once connected). Everything else is a protocol
 * error: CONNACK 0x82 before CONNACK, DISCONNECT 0x82 after.
 */
final class AuthHandler {
    private final EnhancedAuthentication authentication;

    AuthHandler(EnhancedAuthentication authentication) {
        this.authentication = authentication;
    }

    void handle(Connection c, MqttMessage packet) {
        int reason = EnhancedAuthentication.SUCCESS;
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        if (packet.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header) {
            reason = header.reasonCode() & 0xFF;
            properties = header.properties();
        }
        String method = EnhancedAuthentication.method(properties);
        if (c.state == Connection.State.AUTHENTICATING) {
            duringConnect(c, reason, method, properties);
            return;
        }
        if (c.authMethod == null) {
            throw ProtocolViolation.disconnect(ProtocolViolation.PROTOCOL_ERROR,
                    "AUTH without an authentication method in CONNECT [MQTT-4.12.0-7]");
        }
        if (!c.authMethod.equals(method)) {
            throw ProtocolViolation.disconnect(ProtocolViolation.PROTOCOL_ERROR,
                    "AUTH with another authentication method than CONNECT's [MQTT-4.12.0-5]");
        }
        EnhancedAuthentication.Exchange exchange = c.auth;
        if (reason == EnhancedAuthentication.REAUTHENTICATE && exchange == null) {
            authentication.reauthenticate(c, EnhancedAuthentication.data(properties));
        } else if (reason == EnhancedAuthentication.CONTINUE && exchange != null && !exchange.running) {
            authentication.next(c, EnhancedAuthentication.data(properties));
        } else {
            throw ProtocolViolation.disconnect(ProtocolViolation.PROTOCOL_ERROR, "AUTH reason 0x"
                    + Integer.toHexString(reason) + " out of sequence [MQTT-4.12.1-1]");
        }
    }

    private void duringConnect(Connection c, int reason, String method, MqttProperties properties) {
        if (reason != EnhancedAuthentication.CONTINUE) {
            throw ProtocolViolation.refuseConnect(ProtocolViolation.CLOSE_ONLY, ProtocolViolation.PROTOCOL_ERROR,
                    "AUTH reason 0x" + Integer.toHexString(reason) + " before CONNACK, expected 0x18 [MQTT-4.12.0-3]");
        }
        if (!c.authMethod.equals(method)) {
            throw ProtocolViolation.refuseConnect(ProtocolViolation.CLOSE_ONLY, ProtocolViolation.PROTOCOL_ERROR,
                    "AUTH with another authentication method than CONNECT's [MQTT-4.12.0-5]");
        }
        if (c.auth == null || c.auth.running) {
            throw ProtocolViolation.refuseConnect(ProtocolViolation.CLOSE_ONLY, ProtocolViolation.PROTOCOL_ERROR,
                    "AUTH before the server's answer to the previous one");
        }
        authentication.next(c, EnhancedAuthentication.data(properties));
    }
}
