package io.switchboard.bench.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The producer's encoded message decodes as proton-j sees it, and the section walker finds its body. */
class MessageTemplateTest {

    @ParameterizedTest
    @CsvSource({"20,false", "1024,true", "300,true", "70000,false"})
    void stampedTemplateDecodesWithTheHeaderAndThePayloadFields(int payload, boolean durable) {
        MessageTemplate template = new MessageTemplate(payload, durable, 7);
        byte[] bytes = template.stamp(123_456_789L, 42);
        Message decoded = Proton.message();
        decoded.decode(bytes, 0, template.length());
        assertThat(decoded.isDurable()).isEqualTo(durable);
        Binary body = ((Data) decoded.getBody()).getValue();
        assertThat(body.getLength()).isEqualTo(payload);
        byte[] data = Arrays.copyOfRange(body.getArray(), body.getArrayOffset(), body.getArrayOffset() + payload);
        assertThat(AmqpSections.readLong(data, 0)).isEqualTo(123_456_789L);
        assertThat(AmqpSections.readLong(data, 8)).isEqualTo(42);
        assertThat(AmqpSections.readInt(data, 16)).isEqualTo(7);
    }

    @Test
    void theBodyIsFoundBehindEverySectionABrokerMayAdd() {
        byte[] payload = new byte[300];
        payload[0] = 9;
        Message message = Proton.message();
        Header header = new Header();
        header.setDurable(true);
        header.setDeliveryCount(UnsignedInteger.valueOf(3));
        message.setHeader(header);
        Map<Symbol, Object> annotations = new HashMap<>();
        annotations.put(Symbol.valueOf("x-opt-jms-dest"), (byte) 0);
        annotations.put(Symbol.valueOf("x-opt-list"), java.util.List.of(1L, "two", new Binary(new byte[400])));
        message.setMessageAnnotations(new MessageAnnotations(annotations));
        Properties properties = new Properties();
        properties.setMessageId("ID:abc");
        properties.setTo("queue");
        properties.setCreationTime(new java.util.Date(1_000));
        message.setProperties(properties);
        message.setApplicationProperties(new ApplicationProperties(Map.of("k", 1.5d, "u", java.util.UUID.randomUUID())));
        message.setBody(new Data(new Binary(payload)));
        byte[] buffer = new byte[4096];
        int length = message.encode(buffer, 0, buffer.length);

        long body = AmqpSections.body(buffer, length);
        assertThat((int) body).isEqualTo(300);
        assertThat(buffer[(int) (body >>> 32)]).isEqualTo((byte) 9);
    }

    @Test
    void aMessageWithoutABinaryBodyHasNone() {
        Message message = Proton.message();
        message.setBody(new AmqpValue("text"));
        byte[] buffer = new byte[256];
        int length = message.encode(buffer, 0, buffer.length);
        assertThat(AmqpSections.body(buffer, length)).isEqualTo(-1);
        assertThat(AmqpSections.body(new byte[] {0x00, 0x53}, 2)).as("truncated").isEqualTo(-1);
        assertThat(AmqpSections.body(new byte[] {0x45}, 1)).as("not a section").isEqualTo(-1);
    }
}
