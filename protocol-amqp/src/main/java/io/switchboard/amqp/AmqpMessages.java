package io.switchboard.amqp;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.PayloadFormat;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.UserProperty;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.codec.WritableBuffer;

/**
 * Maps AMQP 1.0 messages to the router's {@link Message} and back, per the brief's table:
 * application-properties <-> user properties, reply-to <-> response topic, correlation-id <-> correlation data,
 * ttl / absolute-expiry-time <-> expiry, content-type <-> content type, a single data section <-> payload.
 * An amqp-value string or binary is accepted inbound; any other body (list, map, number, amqp-sequence) is
 * carried as its AMQP encoding with content type {@value #AMQP_BODY_CONTENT_TYPE}.
 */
public final class AmqpMessages {
    /** Content type of a payload that is the AMQP encoding of a body MQTT cannot express. */
    public static final String AMQP_BODY_CONTENT_TYPE = "application/x-amqp-value";
    /** Room for header, properties and application properties on top of a data section's bytes. */
    private static final int ENCODING_HEADROOM = 1024;

    private AmqpMessages() {
    }

    /**
     * Decodes an AMQP message (the bytes of one transfer) for the router.
     *
     * @throws IllegalArgumentException when the bytes are not a valid AMQP message
     */
    public static Message toRouter(byte[] encoded, String topic, Qos qos, String publisherId, long nowMillis) {
        org.apache.qpid.proton.message.Message amqp = Proton.message();
        try {
            amqp.decode(encoded, 0, encoded.length);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("message cannot be decoded: " + e.getMessage(), e);
        }
        return toRouter(amqp, topic, qos, publisherId, nowMillis);
    }

    /**
     * Decodes an AMQP message from a transfer's bytes where they lie (the payload is copied out once).
     *
     * @throws IllegalArgumentException when the bytes are not a valid AMQP message
     */
    static Message toRouter(ReadableBuffer encoded, String topic, Qos qos, String publisherId, long nowMillis) {
        org.apache.qpid.proton.message.Message amqp = Proton.message();
        try {
            amqp.decode(encoded);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("message cannot be decoded: " + e.getMessage(), e);
        }
        return toRouter(amqp, topic, qos, publisherId, nowMillis);
    }

    static Message toRouter(org.apache.qpid.proton.message.Message amqp, String topic, Qos qos, String publisherId,
                            long nowMillis) {
        Body body = body(amqp.getBody());
        Message.Builder b = Message.builder(topic, body.payload()).qos(qos).origin(Protocol.AMQP)
                .publisherId(publisherId).createdAtMillis(nowMillis).payloadFormat(body.format())
                .contentType(body.contentType());
        Properties properties = amqp.getProperties();
        long expiresAt = 0;
        if (properties != null) {
            if (properties.getContentType() != null && body.contentType() == null) {
                b.contentType(properties.getContentType().toString());
            }
            if (properties.getReplyTo() != null) {
                String replyTo = properties.getReplyTo();
                b.responseTopic(replyTo.startsWith(Address.TOPIC_PREFIX)
                        ? replyTo.substring(Address.TOPIC_PREFIX.length()) : replyTo);
            }
            if (properties.getCorrelationId() != null) {
                b.correlationData(correlationBytes(properties.getCorrelationId()));
            }
            if (properties.getAbsoluteExpiryTime() != null) {
                expiresAt = properties.getAbsoluteExpiryTime().getTime();
            }
        }
        Header header = amqp.getHeader();
        if (header != null && header.getTtl() != null) {
            long ttlExpiry = nowMillis + header.getTtl().longValue();
            expiresAt = expiresAt == 0 ? ttlExpiry : Math.min(expiresAt, ttlExpiry);
        }
        b.expiresAtMillis(expiresAt);
        ApplicationProperties applicationProperties = amqp.getApplicationProperties();
        if (applicationProperties != null && applicationProperties.getValue() != null) {
            List<UserProperty> user = new ArrayList<>(applicationProperties.getValue().size());
            for (Map.Entry<String, Object> e : applicationProperties.getValue().entrySet()) {
                if (e.getKey() != null && e.getValue() != null) {
                    user.add(new UserProperty(e.getKey(), propertyText(e.getValue())));
                }
            }
            b.userProperties(user);
        }
        return b.build();
    }

    private record Body(byte[] payload, PayloadFormat format, String contentType) {
    }

    private static Body body(Section body) {
        if (body == null) {
            return new Body(new byte[0], PayloadFormat.UNSPECIFIED, null);
        }
        if (body instanceof Data data) {
            return new Body(bytes(data.getValue()), PayloadFormat.UNSPECIFIED, null);
        }
        if (body instanceof AmqpValue value && value.getValue() instanceof String text) {
            return new Body(text.getBytes(StandardCharsets.UTF_8), PayloadFormat.UTF8, null);
        }
        if (body instanceof AmqpValue value && value.getValue() instanceof Binary binary) {
            return new Body(bytes(binary), PayloadFormat.UNSPECIFIED, null);
        }
        org.apache.qpid.proton.message.Message bodyOnly = Proton.message();
        bodyOnly.setBody(body);
        return new Body(encode(bodyOnly), PayloadFormat.BYTES, AMQP_BODY_CONTENT_TYPE);
    }

    private static byte[] bytes(Binary binary) {
        if (binary == null) {
            return new byte[0];
        }
        if (binary.getArrayOffset() == 0 && binary.getLength() == binary.getArray().length) {
            return binary.getArray(); // decoded into its own array (nothing else holds it): no copy
        }
        byte[] copy = new byte[binary.getLength()];
        System.arraycopy(binary.getArray(), binary.getArrayOffset(), copy, 0, copy.length);
        return copy;
    }

    /** Correlation-id to MQTT correlation data: binary as is, string as UTF-8, uuid 16 bytes, ulong 8 bytes. */
    static byte[] correlationBytes(Object id) {
        if (id instanceof Binary binary) {
            return bytes(binary);
        }
        if (id instanceof UUID uuid) {
            return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits()).array();
        }
        if (id instanceof UnsignedLong number) {
            return ByteBuffer.allocate(8).putLong(number.longValue()).array();
        }
        return id.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String propertyText(Object value) {
        if (value instanceof Binary binary) {
            return new String(bytes(binary), StandardCharsets.UTF_8);
        }
        return value.toString();
    }

    /** Builds the AMQP form of a router message delivered to an AMQP receiver. */
    public static org.apache.qpid.proton.message.Message toAmqp(Message message, long nowMillis) {
        org.apache.qpid.proton.message.Message amqp = Proton.message();
        Header header = new Header();
        header.setDurable(message.qos() != Qos.AT_MOST_ONCE);
        Properties properties = new Properties();
        properties.setTo(message.topic());
        if (message.contentType() != null) {
            properties.setContentType(Symbol.valueOf(message.contentType()));
        }
        if (message.responseTopic() != null) {
            properties.setReplyTo(message.responseTopic());
        }
        if (message.correlationData() != null) {
            properties.setCorrelationId(new Binary(message.correlationData()));
        }
        if (message.expires()) {
            long remaining = Math.max(0, message.expiresAtMillis() - nowMillis);
            header.setTtl(UnsignedInteger.valueOf(Math.min(remaining, 0xFFFF_FFFFL)));
            properties.setAbsoluteExpiryTime(new Date(message.expiresAtMillis()));
        }
        if (!message.userProperties().isEmpty()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (UserProperty p : message.userProperties()) {
                map.put(p.name(), p.value());
            }
            amqp.setApplicationProperties(new ApplicationProperties(map));
        }
        amqp.setHeader(header);
        amqp.setProperties(properties);
        amqp.setBody(new Data(new Binary(message.payload())));
        return amqp;
    }

    /**
     * The message's AMQP encoding as a view of an array nobody else holds, for {@code Sender.sendNoCopy}: no copy
     * to size it exactly.
     */
    static ReadableBuffer encodeForSending(org.apache.qpid.proton.message.Message amqp, Message message) {
        int size = encodedSizeEstimate(message);
        while (true) {
            byte[] out = new byte[size];
            try {
                int length = amqp.encode(new WritableBuffer.ByteBufferWrapper(ByteBuffer.wrap(out)));
                return ReadableBuffer.ByteBufferReader.wrap(ByteBuffer.wrap(out, 0, length));
            } catch (BufferOverflowException e) {
                size *= 2; // properties or a structured body larger than the headroom: retry with room
            }
        }
    }

    /**
     * Room enough, in the common case, for {@link #toAmqp}'s encoding of {@code message}: the payload, the strings
     * at 3 bytes per char (UTF-8 of a Java char), and the fixed sections' framing. An underestimate costs a retry.
     */
    static int encodedSizeEstimate(Message message) {
        int chars = message.topic().length() + length(message.contentType()) + length(message.responseTopic());
        for (UserProperty p : message.userProperties()) {
            chars += p.name().length() + p.value().length();
        }
        int bytes = message.payload().length
                + (message.correlationData() == null ? 0 : message.correlationData().length);
        return 128 + bytes + 3 * chars + 10 * message.userProperties().size();
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /** The message's AMQP encoding, exactly sized. */
    public static byte[] encode(org.apache.qpid.proton.message.Message amqp) {
        int size = ENCODING_HEADROOM;
        if (amqp.getBody() instanceof Data data && data.getValue() != null) {
            size += data.getValue().getLength();
        }
        while (true) {
            byte[] out = new byte[size];
            try {
                int length = amqp.encode(new WritableBuffer.ByteBufferWrapper(ByteBuffer.wrap(out)));
                return length == out.length ? out : Arrays.copyOf(out, length);
            } catch (BufferOverflowException e) {
                size *= 2; // properties or a structured body larger than the headroom: retry with room
            }
        }
    }
}
