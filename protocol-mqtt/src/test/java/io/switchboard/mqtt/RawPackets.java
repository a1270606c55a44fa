package io.switchboard.mqtt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * MQTT packets written byte by byte, independent of any codec, for {@link RawClient}. Versions are protocol
 * levels: 4 for MQTT 3.1.1, 5 for MQTT 5.0. Every builder returns a complete packet (fixed header included).
 */
public final class RawPackets {
    public static final int CONNECT = 1;
    public static final int CONNACK = 2;
    public static final int PUBLISH = 3;
    public static final int PUBACK = 4;
    public static final int PUBREC = 5;
    public static final int PUBREL = 6;
    public static final int PUBCOMP = 7;
    public static final int SUBSCRIBE = 8;
    public static final int SUBACK = 9;
    public static final int UNSUBSCRIBE = 10;
    public static final int UNSUBACK = 11;
    public static final int PINGREQ = 12;
    public static final int PINGRESP = 13;
    public static final int DISCONNECT = 14;
    public static final int AUTH = 15;

    public static final int V311 = 4;
    public static final int V5 = 5;

    /** MQTT 5 property identifiers. */
    public static final int PAYLOAD_FORMAT = 0x01;
    public static final int MESSAGE_EXPIRY = 0x02;
    public static final int CONTENT_TYPE = 0x03;
    public static final int RESPONSE_TOPIC = 0x08;
    public static final int CORRELATION_DATA = 0x09;
    public static final int SUBSCRIPTION_ID = 0x0B;
    public static final int SESSION_EXPIRY = 0x11;
    public static final int ASSIGNED_CLIENT_ID = 0x12;
    public static final int SERVER_KEEP_ALIVE = 0x13;
    public static final int AUTH_METHOD = 0x15;
    public static final int AUTH_DATA = 0x16;
    public static final int WILL_DELAY = 0x18;
    public static final int REASON_STRING = 0x1F;
    public static final int RECEIVE_MAXIMUM = 0x21;
    public static final int TOPIC_ALIAS_MAXIMUM = 0x22;
    public static final int TOPIC_ALIAS = 0x23;
    public static final int MAXIMUM_QOS = 0x24;
    public static final int RETAIN_AVAILABLE = 0x25;
    public static final int USER_PROPERTY = 0x26;
    public static final int MAXIMUM_PACKET_SIZE = 0x27;
    public static final int WILDCARD_AVAILABLE = 0x28;
    public static final int SUBSCRIPTION_ID_AVAILABLE = 0x29;
    public static final int SHARED_SUBSCRIPTION_AVAILABLE = 0x2A;

    private RawPackets() {
    }

    /** A packet from its first byte (type and flags) and its variable header + payload. */
    public static byte[] packet(int firstByte, byte[] body) {
        Bytes out = new Bytes();
        out.u8(firstByte);
        out.varInt(body.length);
        out.raw(body);
        return out.toArray();
    }

    /** CONNECT with clean session / clean start, no will, no credentials, no properties. */
    public static byte[] connect(int version, String clientId, boolean cleanStart, int keepAlive) {
        return new Connect(version, clientId).cleanStart(cleanStart).keepAlive(keepAlive).build();
    }

    public static Connect connectBuilder(int version, String clientId) {
        return new Connect(version, clientId);
    }

    /** PUBLISH; {@code properties} is null for 3.1.1 (an empty property block is written for 5.0). */
    public static byte[] publish(int version, String topic, int qos, boolean retain, boolean dup, int packetId,
                                 Props properties, byte[] payload) {
        Bytes body = new Bytes();
        body.utf8(topic);
        if (qos > 0) {
            body.u16(packetId);
        }
        if (version == V5) {
            body.raw((properties == null ? new Props() : properties).encode());
        }
        body.raw(payload);
        int first = (PUBLISH << 4) | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 1 : 0);
        return packet(first, body.toArray());
    }

    public static byte[] publish(int version, String topic, int qos, int packetId, String payload) {
        return publish(version, topic, qos, false, false, packetId, null, utf8(payload));
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP with reason code 0 and no properties (the short form). */
    public static byte[] ack(int type, int packetId) {
        int first = type << 4 | (type == PUBREL ? 0x02 : 0);
        return packet(first, new byte[] {(byte) (packetId >> 8), (byte) packetId});
    }

    /** An MQTT 5 acknowledgement with an explicit reason code and empty properties. */
    public static byte[] ack(int type, int packetId, int reasonCode) {
        int first = type << 4 | (type == PUBREL ? 0x02 : 0);
        Bytes body = new Bytes();
        body.u16(packetId);
        body.u8(reasonCode);
        body.varInt(0);
        return packet(first, body.toArray());
    }

    /**
     * SUBSCRIBE of one or more filters; {@code options} per filter is the requested QoS for 3.1.1 or the full
     * MQTT 5 subscription options byte (QoS | no-local 0x04 | retain-as-published 0x08 | retain handling << 4).
     */
    public static byte[] subscribe(int version, int packetId, Props properties, String[] filters, int[] options) {
        Bytes body = new Bytes();
        body.u16(packetId);
        if (version == V5) {
            body.raw((properties == null ? new Props() : properties).encode());
        }
        for (int i = 0; i < filters.length; i++) {
            body.utf8(filters[i]);
            body.u8(options[i]);
        }
        return packet(SUBSCRIBE << 4 | 0x02, body.toArray());
    }

    public static byte[] subscribe(int version, int packetId, String filter, int options) {
        return subscribe(version, packetId, null, new String[] {filter}, new int[] {options});
    }

    public static byte[] unsubscribe(int version, int packetId, String... filters) {
        Bytes body = new Bytes();
        body.u16(packetId);
        if (version == V5) {
            body.varInt(0);
        }
        for (String filter : filters) {
            body.utf8(filter);
        }
        return packet(UNSUBSCRIBE << 4 | 0x02, body.toArray());
    }

    public static byte[] pingreq() {
        return new byte[] {(byte) 0xC0, 0};
    }

    /** DISCONNECT: the two-byte form for 3.1.1, reason code + properties for 5.0. */
    public static byte[] disconnect(int version, int reasonCode, Props properties) {
        if (version != V5) {
            return new byte[] {(byte) 0xE0, 0};
        }
        Bytes body = new Bytes();
        body.u8(reasonCode);
        body.raw((properties == null ? new Props() : properties).encode());
        return packet(DISCONNECT << 4, body.toArray());
    }

    public static byte[] disconnect(int version) {
        return disconnect(version, 0, null);
    }

    public static byte[] auth(int reasonCode, Props properties) {
        Bytes body = new Bytes();
        body.u8(reasonCode);
        body.raw((properties == null ? new Props() : properties).encode());
        return packet(AUTH << 4, body.toArray());
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** CONNECT builder. */
    public static final class Connect {
        private final int version;
        private final String clientId;
        private boolean cleanStart = true;
        private int keepAlive = 60;
        private Props properties = new Props();
        private String willTopic;
        private byte[] willPayload;
        private int willQos;
        private boolean willRetain;
        private Props willProperties = new Props();
        private String username;
        private byte[] password;

        private Connect(int version, String clientId) {
            this.version = version;
            this.clientId = clientId;
        }

        public Connect cleanStart(boolean value) {
            cleanStart = value;
            return this;
        }

        public Connect keepAlive(int seconds) {
            keepAlive = seconds;
            return this;
        }

        public Connect properties(Props value) {
            properties = value;
            return this;
        }

        public Connect will(String topic, byte[] payload, int qos, boolean retain) {
            willTopic = topic;
            willPayload = payload;
            willQos = qos;
            willRetain = retain;
            return this;
        }

        public Connect willProperties(Props value) {
            willProperties = value;
            return this;
        }

        public Connect credentials(String user, byte[] pass) {
            username = user;
            password = pass;
            return this;
        }

        public byte[] build() {
            Bytes body = new Bytes();
            body.utf8(version == 3 ? "MQIsdp" : "MQTT");
            body.u8(version);
            int flags = (cleanStart ? 0x02 : 0)
                    | (willTopic != null ? 0x04 | willQos << 3 | (willRetain ? 0x20 : 0) : 0)
                    | (password != null ? 0x40 : 0)
                    | (username != null ? 0x80 : 0);
            body.u8(flags);
            body.u16(keepAlive);
            if (version == V5) {
                body.raw(properties.encode());
            }
            body.utf8(clientId);
            if (willTopic != null) {
                if (version == V5) {
                    body.raw(willProperties.encode());
                }
                body.utf8(willTopic);
                body.binary(willPayload);
            }
            if (username != null) {
                body.utf8(username);
            }
            if (password != null) {
                body.binary(password);
            }
            return packet(CONNECT << 4, body.toArray());
        }
    }

    /** MQTT 5 properties, written in the order they are added. */
    public static final class Props {
        private final Bytes bytes = new Bytes();

        public Props u8(int id, int value) {
            bytes.varInt(id);
            bytes.u8(value);
            return this;
        }

        public Props u16(int id, int value) {
            bytes.varInt(id);
            bytes.u16(value);
            return this;
        }

        public Props u32(int id, long value) {
            bytes.varInt(id);
            bytes.u32(value);
            return this;
        }

        public Props varInt(int id, int value) {
            bytes.varInt(id);
            bytes.varInt(value);
            return this;
        }

        public Props utf8(int id, String value) {
            bytes.varInt(id);
            bytes.utf8(value);
            return this;
        }

        public Props binary(int id, byte[] value) {
            bytes.varInt(id);
            bytes.binary(value);
            return this;
        }

        public Props pair(int id, String name, String value) {
            bytes.varInt(id);
            bytes.utf8(name);
            bytes.utf8(value);
            return this;
        }

        /** Length (variable byte integer) followed by the properties. */
        public byte[] encode() {
            byte[] content = bytes.toArray();
            Bytes out = new Bytes();
            out.varInt(content.length);
            out.raw(content);
            return out.toArray();
        }
    }

    /** A growable byte sink with MQTT's primitive encodings. */
    public static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Bytes u8(int v) {
            out.write(v);
            return this;
        }

        public Bytes u16(int v) {
            out.write(v >> 8);
            out.write(v);
            return this;
        }

        public Bytes u32(long v) {
            out.write((int) (v >> 24));
            out.write((int) (v >> 16));
            out.write((int) (v >> 8));
            out.write((int) v);
            return this;
        }

        public Bytes varInt(int v) {
            int value = v;
            do {
                int digit = value & 0x7F;
                value >>>= 7;
                out.write(value > 0 ? digit | 0x80 : digit);
            } while (value > 0);
            return this;
        }

        public Bytes utf8(String s) {
            return binary(s.getBytes(StandardCharsets.UTF_8));
        }

        public Bytes binary(byte[] b) {
            u16(b.length);
            out.writeBytes(b);
            return this;
        }

        public Bytes raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        public byte[] toArray() {
            return out.toByteArray();
        }
    }
}
