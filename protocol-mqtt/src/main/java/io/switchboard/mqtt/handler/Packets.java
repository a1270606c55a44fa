package io.switchboard.mqtt.handler;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;

/** Builds the packets the broker sends. Fixed headers are immutable and shared. */
public final class Packets {
    private static final MqttFixedHeader CONNACK = fixed(MqttMessageType.CONNACK, MqttQoS.AT_MOST_ONCE);
    private static final MqttFixedHeader PUBACK = fixed(MqttMessageType.PUBACK, MqttQoS.AT_MOST_ONCE);
    private static final MqttFixedHeader PUBREC = fixed(MqttMessageType.PUBREC, MqttQoS.AT_MOST_ONCE);
    private static final MqttFixedHeader PUBREL = fixed(MqttMessageType.PUBREL, MqttQoS.AT_LEAST_ONCE);
    private static final MqttFixedHeader PUBCOMP = fixed(MqttMessageType.PUBCOMP, MqttQoS.AT_MOST_ONCE);
    private static final MqttFixedHeader SUBACK = fixed(MqttMessageType.SUBACK, MqttQoS.AT_MOST_ONCE);
    private static final MqttFixedHeader UNSUBACK = fixed(MqttMessageType.UNSUBACK, MqttQoS.AT_MOST_ONCE);
    private static final MqttFixedHeader AUTH = fixed(MqttMessageType.AUTH, MqttQoS.AT_MOST_ONCE);
    private static final MqttFixedHeader DISCONNECT = fixed(MqttMessageType.DISCONNECT, MqttQoS.AT_MOST_ONCE);

    private Packets() {
    }

    private static MqttFixedHeader fixed(MqttMessageType type, MqttQoS qos) {
        return new MqttFixedHeader(type, false, qos, false, 0);
    }

    public static MqttConnAckMessage connack(int code, boolean sessionPresent, MqttProperties properties) {
        return new MqttConnAckMessage(CONNACK, new MqttConnAckVariableHeader(
                MqttConnectReturnCode.valueOf((byte) code), sessionPresent, properties));
    }

    public static MqttMessage puback(int packetId, int reasonCode) {
        return reply(PUBACK, packetId, reasonCode);
    }

    public static MqttMessage pubrec(int packetId, int reasonCode) {
        return reply(PUBREC, packetId, reasonCode);
    }

    public static MqttMessage pubrel(int packetId, int reasonCode) {
        return reply(PUBREL, packetId, reasonCode);
    }

    public static MqttMessage pubcomp(int packetId, int reasonCode) {
        return reply(PUBCOMP, packetId, reasonCode);
    }

    private static MqttMessage reply(MqttFixedHeader header, int packetId, int reasonCode) {
        return new MqttMessage(header,
                new MqttPubReplyMessageVariableHeader(packetId, (byte) reasonCode, MqttProperties.NO_PROPERTIES));
    }

    public static MqttSubAckMessage suback(int packetId, int[] codes) {
        return new MqttSubAckMessage(SUBACK,
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttSubAckPayload(codes));
    }

    /** UNSUBACK; {@code codes} is null for MQTT 3.x (no payload). */
    public static MqttUnsubAckMessage unsuback(int packetId, short[] codes) {
        return new MqttUnsubAckMessage(UNSUBACK,
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                codes == null ? null : new MqttUnsubAckPayload(codes));
    }

    /** MQTT 5 DISCONNECT with a reason code. */
    public static MqttMessage disconnect(int reasonCode) {
        return new MqttMessage(DISCONNECT,
                new MqttReasonCodeAndPropertiesVariableHeader((byte) reasonCode, MqttProperties.NO_PROPERTIES));
    }

    /** MQTT 5 AUTH with a reason code, the Authentication Method and (unless empty) Authentication Data. */
    public static MqttMessage auth(int reasonCode, String method, byte[] data) {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(MqttProperties.AUTHENTICATION_METHOD, method));
        if (data.length > 0) {
            properties.add(new MqttProperties.BinaryProperty(MqttProperties.AUTHENTICATION_DATA, data));
        }
        return new MqttMessage(AUTH, new MqttReasonCodeAndPropertiesVariableHeader((byte) reasonCode, properties));
    }
}
