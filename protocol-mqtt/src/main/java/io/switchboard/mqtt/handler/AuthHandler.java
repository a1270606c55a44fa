package io.switchboard.mqtt.handler;

/**
 * AUTH (MQTT 5). No authentication method is supported yet (a CONNECT naming one gets CONNACK 0x8C), so no
 * exchange can be in progress and an AUTH packet is a protocol error (MQTT 5 section 4.12).
 */
final class AuthHandler {
    void handle(Connection c) {
        throw ProtocolViolation.disconnect(ProtocolViolation.PROTOCOL_ERROR,
                "AUTH without an authentication method in CONNECT");
    }
}
