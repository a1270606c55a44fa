package io.switchboard.router.api;

/**
 * Why the router closes a session's connection. Adapters translate to their protocol
 * (MQTT 5 DISCONNECT reason code, AMQP error condition); the MQTT code is given for reference.
 */
public enum DisconnectReason {
    /** Another connection with the same client id took the session over (MQTT 0x8E). */
    SESSION_TAKEN_OVER(0x8E),
    /** The broker is shutting down (MQTT 0x8B). */
    SERVER_SHUTTING_DOWN(0x8B),
    /** The outbound queue overflowed under the DISCONNECT policy (MQTT 0x97). */
    QUOTA_EXCEEDED(0x97),
    /** An administrator closed the connection (MQTT 0x98 administrative action). */
    ADMINISTRATIVE_ACTION(0x98);

    private final int mqttCode;

    DisconnectReason(int mqttCode) {
        this.mqttCode = mqttCode;
    }

    public int mqttCode() {
        return mqttCode;
    }
}
