package io.switchboard.mqtt.handler;

/**
 * A client broke the protocol. Handlers throw it; {@link MqttExceptionHandler} answers (CONNACK refusal or
 * MQTT 5 DISCONNECT with {@link #reasonCode()}), logs one line and closes the connection. It carries no stack
 * trace: it describes the client's input, not a broker bug.
 */
public final class ProtocolViolation extends RuntimeException {
    /** No MQTT 3.x CONNACK code: an MQTT 3.x connection is closed without an answer. */
    public static final int CLOSE_ONLY = -1;

    public static final int MALFORMED_PACKET = 0x81;
    public static final int PROTOCOL_ERROR = 0x82;
    public static final int IMPLEMENTATION_SPECIFIC_ERROR = 0x83;
    public static final int UNSUPPORTED_PROTOCOL_VERSION = 0x84;
    public static final int CLIENT_IDENTIFIER_NOT_VALID = 0x85;
    public static final int BAD_AUTHENTICATION_METHOD = 0x8C;
    public static final int KEEP_ALIVE_TIMEOUT = 0x8D;
    public static final int TOPIC_NAME_INVALID = 0x90;
    public static final int RECEIVE_MAXIMUM_EXCEEDED = 0x93;
    public static final int TOPIC_ALIAS_INVALID = 0x94;
    public static final int PACKET_TOO_LARGE = 0x95;

    private final boolean refusesConnect;
    private final int v3ConnackCode;
    private final int reasonCode;

    private ProtocolViolation(boolean refusesConnect, int v3ConnackCode, int reasonCode, String detail) {
        super(detail, null, false, false);
        this.refusesConnect = refusesConnect;
        this.v3ConnackCode = v3ConnackCode;
        this.reasonCode = reasonCode;
    }

    /** A bad packet on an established connection: MQTT 5 DISCONNECT with {@code reasonCode}, MQTT 3.x close. */
    public static ProtocolViolation disconnect(int reasonCode, String detail) {
        return new ProtocolViolation(false, CLOSE_ONLY, reasonCode, detail);
    }

    /**
     * A refused CONNECT: CONNACK with {@code v3Code} (or a close when {@link #CLOSE_ONLY}) for MQTT 3.x, CONNACK
     * with {@code v5Code} for MQTT 5.
     */
    public static ProtocolViolation refuseConnect(int v3Code, int v5Code, String detail) {
        return new ProtocolViolation(true, v3Code, v5Code, detail);
    }

    /** Close without any answer (e.g. a packet before CONNECT [MQTT-3.1.0-1]). */
    public static ProtocolViolation closeOnly(String detail) {
        return new ProtocolViolation(false, CLOSE_ONLY, 0, detail);
    }

    /** A stable snake_case name of an MQTT 5 reason code, for metrics labels (0, a plain close: protocol_error). */
    public static String reasonName(int reasonCode) {
        return switch (reasonCode) {
            case 0 -> "protocol_error";
            case MALFORMED_PACKET -> "malformed_packet";
            case PROTOCOL_ERROR -> "protocol_error";
            case IMPLEMENTATION_SPECIFIC_ERROR -> "implementation_specific_error";
            case UNSUPPORTED_PROTOCOL_VERSION -> "unsupported_protocol_version";
            case CLIENT_IDENTIFIER_NOT_VALID -> "client_identifier_not_valid";
            case 0x86 -> "bad_user_name_or_password";
            case 0x87 -> "not_authorized";
            case 0x88 -> "server_unavailable";
            case 0x89 -> "server_busy";
            case 0x8A -> "banned";
            case BAD_AUTHENTICATION_METHOD -> "bad_authentication_method";
            case TOPIC_NAME_INVALID -> "topic_name_invalid";
            case PACKET_TOO_LARGE -> "packet_too_large";
            case 0x97 -> "quota_exceeded";
            default -> "reason_0x" + Integer.toHexString(reasonCode);
        };
    }

    public boolean refusesConnect() {
        return refusesConnect;
    }

    /** The MQTT 3.x CONNACK return code, or {@link #CLOSE_ONLY}. */
    public int v3ConnackCode() {
        return v3ConnackCode;
    }

    /** The MQTT 5 reason code (CONNACK or DISCONNECT), 0 when the connection is just closed. */
    public int reasonCode() {
        return reasonCode;
    }
}
