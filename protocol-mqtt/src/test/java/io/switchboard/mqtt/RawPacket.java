package io.switchboard.mqtt;

import static io.switchboard.mqtt.RawPackets.CONNACK;
import static io.switchboard.mqtt.RawPackets.DISCONNECT;
import static io.switchboard.mqtt.RawPackets.PUBLISH;
import static io.switchboard.mqtt.RawPackets.V5;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One whole MQTT packet as read from the wire by {@link RawClient}, decoded by hand.
 *
 * @param type  packet type (1..15)
 * @param flags the low four bits of the first byte
 * @param body  variable header and payload
 */
public record RawPacket(int type, int flags, byte[] body) {

    /** CONNACK fields. */
    public record Connack(boolean sessionPresent, int reasonCode, Properties properties) {
    }

    /** PUBLISH fields (for 3.1.1 the properties are empty). */
    public record Publish(String topic, int qos, boolean retain, boolean dup, int packetId, Properties properties,
                          byte[] payload) {
        public String payloadText() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** Packet id and reason code of PUBACK/PUBREC/PUBREL/PUBCOMP (reason 0 when absent). */
    public record Ack(int packetId, int reasonCode, Properties properties) {
    }

    /** SUBACK/UNSUBACK: packet id and one reason code (or granted QoS) per filter. */
    public record SubAck(int packetId, Properties properties, int[] reasonCodes) {
    }

    /** DISCONNECT or AUTH: reason code (0 when absent) and properties. */
    public record ReasonOnly(int reasonCode, Properties properties) {
    }

    /** One MQTT 5 property; values are Integer/Long, String, byte[] or String[2] for user properties. */
    public record Property(int id, Object value) {
    }

    /** MQTT 5 properties in wire order. */
    public record Properties(List<Property> all) {
        public static final Properties NONE = new Properties(List.of());

        public Object get(int id) {
            return all.stream().filter(p -> p.id() == id).map(Property::value).findFirst().orElse(null);
        }

        public List<Object> getAll(int id) {
            return all.stream().filter(p -> p.id() == id).map(Property::value).toList();
        }

        public boolean has(int id) {
            return get(id) != null;
        }

        public long number(int id) {
            Object v = get(id);
            if (v == null) {
                throw new AssertionError("property 0x" + Integer.toHexString(id) + " absent in " + this);
            }
            return ((Number) v).longValue();
        }

        public String string(int id) {
            return (String) get(id);
        }

        /** User properties as "name=value" strings, in wire order. */
        public List<String> userProperties() {
            return getAll(RawPackets.USER_PROPERTY).stream()
                    .map(v -> ((String[]) v)[0] + "=" + ((String[]) v)[1]).toList();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("{");
            for (Property p : all) {
                Object v = p.value();
                String text = v instanceof byte[] b ? HexFormat.of().formatHex(b)
                        : v instanceof String[] pair ? Arrays.toString(pair) : String.valueOf(v);
                sb.append(String.format("0x%02X=%s ", p.id(), text));
            }
            return sb.append('}').toString();
        }
    }

    public Connack connack(int version) {
        expectType(CONNACK);
        Reader r = new Reader(body);
        boolean sessionPresent = (r.u8() & 1) == 1;
        int code = r.u8();
        Properties props = version == V5 && r.remaining() > 0 ? r.properties() : Properties.NONE;
        return new Connack(sessionPresent, code, props);
    }

    public Publish publish(int version) {
        expectType(PUBLISH);
        Reader r = new Reader(body);
        int qos = (flags >> 1) & 3;
        String topic = r.utf8();
        int packetId = qos > 0 ? r.u16() : 0;
        Properties props = version == V5 ? r.properties() : Properties.NONE;
        return new Publish(topic, qos, (flags & 1) == 1, (flags & 8) == 8, packetId, props, r.rest());
    }

    public Ack ack(int version) {
        Reader r = new Reader(body);
        int packetId = r.u16();
        int code = version == V5 && r.remaining() > 0 ? r.u8() : 0;
        Properties props = version == V5 && r.remaining() > 0 ? r.properties() : Properties.NONE;
        return new Ack(packetId, code, props);
    }

    public SubAck subAck(int version) {
        Reader r = new Reader(body);
        int packetId = r.u16();
        Properties props = version == V5 ? r.properties() : Properties.NONE;
        byte[] rest = r.rest();
        int[] codes = new int[rest.length];
        for (int i = 0; i < rest.length; i++) {
            codes[i] = rest[i] & 0xFF;
        }
        return new SubAck(packetId, props, codes);
    }

    public ReasonOnly reason() {
        Reader r = new Reader(body);
        int code = r.remaining() > 0 ? r.u8() : 0;
        Properties props = r.remaining() > 0 ? r.properties() : Properties.NONE;
        return new ReasonOnly(code, props);
    }

    /** Reason code of a DISCONNECT. */
    public int disconnectReason() {
        expectType(DISCONNECT);
        return reason().reasonCode();
    }

    public void expectType(int expected) {
        if (type != expected) {
            throw new AssertionError("expected packet type " + expected + " but got " + this);
        }
    }

    @Override
    public String toString() {
        return "RawPacket[type=" + type + ", flags=" + flags + ", body=" + HexFormat.of().formatHex(body) + "]";
    }

    /** Sequential reader over a packet body. */
    static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        int remaining() {
            return data.length - pos;
        }

        int u8() {
            return data[pos++] & 0xFF;
        }

        int u16() {
            return u8() << 8 | u8();
        }

        long u32() {
            return (long) u16() << 16 | u16();
        }

        int varInt() {
            int value = 0;
            int shift = 0;
            int b;
            do {
                b = u8();
                value |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return value;
        }

        byte[] binary() {
            int len = u16();
            byte[] out = Arrays.copyOfRange(data, pos, pos + len);
            pos += len;
            return out;
        }

        String utf8() {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(binary())).toString();
            } catch (CharacterCodingException e) {
                throw new AssertionError("broker sent invalid UTF-8", e);
            }
        }

        byte[] rest() {
            byte[] out = Arrays.copyOfRange(data, pos, data.length);
            pos = data.length;
            return out;
        }

        Properties properties() {
            int length = varInt();
            int end = pos + length;
            List<Property> list = new ArrayList<>();
            while (pos < end) {
                int id = varInt();
                Object value = switch (id) {
                    case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> u8();
                    case 0x13, 0x21, 0x22, 0x23 -> u16();
                    case 0x02, 0x11, 0x18, 0x27 -> u32();
                    case 0x0B -> varInt();
                    case 0x03, 0x08, 0x12, 0x15, 0x1A, 0x1C, 0x1F -> utf8();
                    case 0x09, 0x16 -> binary();
                    case 0x26 -> new String[] {utf8(), utf8()};
                    default -> throw new AssertionError("unknown property id 0x" + Integer.toHexString(id));
                };
                list.add(new Property(id, value));
            }
            if (pos != end) {
                throw new AssertionError("property length mismatch");
            }
            return new Properties(List.copyOf(list));
        }
    }
}
