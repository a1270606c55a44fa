package io.switchboard.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.PayloadFormat;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.UserProperty;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
import org.apache.qpid.proton.amqp.messaging.AmqpSequence;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.junit.jupiter.api.Test;

/** The MQTT <-> AMQP mapping table of the brief, field by field, both ways. */
class AmqpMessagesTest {
    private static final long NOW = 1_700_000_000_000L;

    private static Message inbound(org.apache.qpid.proton.message.Message amqp) {
        return AmqpMessages.toRouter(AmqpMessages.encode(amqp), "a/b", Qos.AT_LEAST_ONCE, "client-1", NOW);
    }

    private static org.apache.qpid.proton.message.Message withBody(Section body) {
        org.apache.qpid.proton.message.Message amqp = Proton.message();
        amqp.setBody(body);
        return amqp;
    }

    @Test
    void inboundMapsEveryField() {
        org.apache.qpid.proton.message.Message amqp = withBody(new Data(new Binary(new byte[] {1, 2, 3})));
        Properties properties = new Properties();
        properties.setContentType(Symbol.valueOf("application/octet-stream"));
        properties.setReplyTo("topic://replies/1");
        properties.setCorrelationId(new Binary(new byte[] {9, 8}));
        amqp.setProperties(properties);
        Header header = new Header();
        header.setTtl(UnsignedInteger.valueOf(5_000));
        amqp.setHeader(header);
        Map<String, Object> application = new LinkedHashMap<>();
        application.put("unit", "celsius");
        application.put("count", 3);
        amqp.setApplicationProperties(new ApplicationProperties(application));

        Message message = inbound(amqp);
        assertThat(message.topic()).isEqualTo("a/b");
        assertThat(message.payload()).containsExactly(1, 2, 3);
        assertThat(message.qos()).isEqualTo(Qos.AT_LEAST_ONCE);
        assertThat(message.origin()).isEqualTo(Protocol.AMQP);
        assertThat(message.publisherId()).isEqualTo("client-1");
        assertThat(message.contentType()).isEqualTo("application/octet-stream");
        assertThat(message.responseTopic()).isEqualTo("replies/1");
        assertThat(message.correlationData()).containsExactly(9, 8);
        assertThat(message.expiresAtMillis()).isEqualTo(NOW + 5_000);
        assertThat(message.userProperties()).containsExactly(new UserProperty("unit", "celsius"),
                new UserProperty("count", "3"));
    }

    @Test
    void absoluteExpiryAndTtlTakeTheEarlier() {
        org.apache.qpid.proton.message.Message amqp = withBody(new AmqpValue("x"));
        Properties properties = new Properties();
        properties.setAbsoluteExpiryTime(new Date(NOW + 2_000));
        amqp.setProperties(properties);
        assertThat(inbound(amqp).expiresAtMillis()).isEqualTo(NOW + 2_000);
        Header header = new Header();
        header.setTtl(UnsignedInteger.valueOf(1_000));
        amqp.setHeader(header);
        assertThat(inbound(amqp).expiresAtMillis()).isEqualTo(NOW + 1_000);
        assertThat(inbound(withBody(new AmqpValue("x"))).expiresAtMillis()).isZero();
    }

    @Test
    void stringAndBinaryValuesAreAcceptedAsPayload() {
        Message text = inbound(withBody(new AmqpValue("héllo")));
        assertThat(new String(text.payload(), StandardCharsets.UTF_8)).isEqualTo("héllo");
        assertThat(text.payloadFormat()).isEqualTo(PayloadFormat.UTF8);
        assertThat(text.contentType()).isNull();
        Message binary = inbound(withBody(new AmqpValue(new Binary(new byte[] {7}))));
        assertThat(binary.payload()).containsExactly(7);
        assertThat(inbound(withBody(null)).payload()).isEmpty();
    }

    @Test
    void listAndMapBodiesTravelAsTheirEncodingWithAContentTypeSayingSo() {
        Message list = inbound(withBody(new AmqpValue(List.of("a", 1))));
        assertThat(list.contentType()).isEqualTo(AmqpMessages.AMQP_BODY_CONTENT_TYPE);
        org.apache.qpid.proton.message.Message decoded = Proton.message();
        decoded.decode(list.payload(), 0, list.payload().length);
        assertThat(((AmqpValue) decoded.getBody()).getValue()).isEqualTo(List.of("a", 1));

        Message map = inbound(withBody(new AmqpValue(Map.of("k", "v"))));
        assertThat(map.contentType()).isEqualTo(AmqpMessages.AMQP_BODY_CONTENT_TYPE);
        Message sequence = inbound(withBody(new AmqpSequence(List.of(1, 2))));
        decoded.decode(sequence.payload(), 0, sequence.payload().length);
        assertThat(((AmqpSequence) decoded.getBody()).getValue()).isEqualTo(List.of(1, 2));
    }

    @Test
    void correlationIdsOfEveryTypeBecomeBytes() {
        UUID uuid = new UUID(1, 2);
        assertThat(AmqpMessages.correlationBytes(uuid))
                .isEqualTo(ByteBuffer.allocate(16).putLong(1).putLong(2).array());
        assertThat(AmqpMessages.correlationBytes("id-1")).isEqualTo("id-1".getBytes(StandardCharsets.UTF_8));
        assertThat(AmqpMessages.correlationBytes(UnsignedLong.valueOf(258))).containsExactly(0, 0, 0, 0, 0, 0, 1, 2);
        assertThat(AmqpMessages.correlationBytes(new Binary(new byte[] {5}))).containsExactly(5);
    }

    @Test
    void encodingForSendingDecodesInPlaceToTheSameMessage() {
        Message small = Message.builder("jobs", new byte[1024]).qos(Qos.AT_LEAST_ONCE).build();
        Message many = Message.builder("jobs", "x".getBytes(StandardCharsets.UTF_8)).qos(Qos.AT_LEAST_ONCE)
                .userProperties(java.util.stream.IntStream.range(0, 200)
                        .mapToObj(i -> new UserProperty("k" + i, i % 2 == 0 ? "" : "\u20ac\ud83d\ude00")).toList())
                .responseTopic("r\u00e9ponses").build(); // multi-byte UTF-8 and many entries within the size estimate
        for (Message message : List.of(small, many)) {
            org.apache.qpid.proton.codec.ReadableBuffer encoded =
                    AmqpMessages.encodeForSending(AmqpMessages.toAmqp(message, NOW), message);
            Message back = AmqpMessages.toRouter(encoded, "jobs", Qos.AT_LEAST_ONCE, "c", NOW);
            assertThat(back.payload()).isEqualTo(message.payload());
            assertThat(back.userProperties()).isEqualTo(message.userProperties());
            assertThat(back.responseTopic()).isEqualTo(message.responseTopic());
        }
    }

    @Test
    void garbageIsRefused() {
        assertThatThrownBy(() -> AmqpMessages.toRouter(new byte[] {0x00, 0x53, 0x75, (byte) 0xEE}, "t",
                Qos.AT_MOST_ONCE, "c", NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outboundMapsEveryField() {
        Message message = Message.builder("sensors/1/temp", "21.5".getBytes(StandardCharsets.UTF_8))
                .qos(Qos.AT_LEAST_ONCE).contentType("text/plain").responseTopic("replies/1")
                .correlationData(new byte[] {4, 2}).expiresAtMillis(NOW + 3_000)
                .userProperties(List.of(new UserProperty("unit", "celsius"))).build();
        org.apache.qpid.proton.message.Message amqp = Proton.message();
        byte[] encoded = AmqpMessages.encode(AmqpMessages.toAmqp(message, NOW));
        amqp.decode(encoded, 0, encoded.length);
        assertThat(((Data) amqp.getBody()).getValue()).isEqualTo(new Binary("21.5".getBytes(StandardCharsets.UTF_8)));
        assertThat(amqp.getAddress()).isEqualTo("sensors/1/temp");
        assertThat(amqp.getContentType()).isEqualTo("text/plain");
        assertThat(amqp.getReplyTo()).isEqualTo("replies/1");
        assertThat(amqp.getCorrelationId()).isEqualTo(new Binary(new byte[] {4, 2}));
        assertThat(amqp.getTtl()).isEqualTo(3_000);
        assertThat(amqp.getExpiryTime()).isEqualTo(NOW + 3_000);
        assertThat(amqp.isDurable()).isTrue();
        assertThat(amqp.getApplicationProperties().getValue()).containsExactly(Map.entry("unit", "celsius"));
    }

    @Test
    void outboundWithoutOptionalFieldsHasNone() {
        Message message = Message.builder("t", new byte[0]).build();
        org.apache.qpid.proton.message.Message amqp = AmqpMessages.toAmqp(message, NOW);
        assertThat(amqp.getContentType()).isNull();
        assertThat(amqp.getReplyTo()).isNull();
        assertThat(amqp.getCorrelationId()).isNull();
        assertThat(amqp.getHeader().getTtl()).isNull();
        assertThat(amqp.getApplicationProperties()).isNull();
        assertThat(amqp.isDurable()).isFalse();
    }
}
