package io.switchboard.bench.amqp;

import io.switchboard.bench.mqtt.PublishTemplate;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.message.Message;

/**
 * One producer's AMQP message, encoded once by proton-j: an optional header (durable=true) and one {@code data}
 * section. Each send patches the payload header in place (8-byte send time, 8-byte sequence, 4-byte producer id,
 * the layout of {@link PublishTemplate}) and hands the same array to proton-j, which copies it: no per-message
 * encoding or allocation here.
 */
public final class MessageTemplate {
    private final byte[] encoded;
    private final int payloadOffset;

    public MessageTemplate(int payloadBytes, boolean durable, int producerId) {
        if (payloadBytes < PublishTemplate.HEADER_BYTES) {
            throw new IllegalArgumentException("payload must be at least " + PublishTemplate.HEADER_BYTES + " bytes");
        }
        byte[] payload = new byte[payloadBytes];
        for (int i = PublishTemplate.HEADER_BYTES; i < payloadBytes; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        AmqpSections.INT.set(payload, 16, producerId);
        Message message = Proton.message();
        if (durable) {
            Header header = new Header();
            header.setDurable(true);
            message.setHeader(header);
        }
        message.setBody(new Data(new Binary(payload)));
        byte[] buffer = new byte[payloadBytes + 256];
        int length = message.encode(buffer, 0, buffer.length);
        encoded = java.util.Arrays.copyOf(buffer, length);
        long body = AmqpSections.body(encoded, length);
        if (body < 0 || (int) body != payloadBytes) {
            throw new IllegalStateException("cannot find the data section of the encoded message");
        }
        payloadOffset = (int) (body >>> 32);
    }

    /** Stamps the send time and sequence; returns the encoded message (valid until the next stamp). */
    public byte[] stamp(long sendNanos, long sequence) {
        AmqpSections.LONG.set(encoded, payloadOffset, sendNanos);
        AmqpSections.LONG.set(encoded, payloadOffset + 8, sequence);
        return encoded;
    }

    public int length() {
        return encoded.length;
    }
}
