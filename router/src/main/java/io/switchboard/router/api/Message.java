package io.switchboard.router.api;

import java.util.List;
import java.util.Objects;

/**
 * The one immutable message the router moves, whatever protocol it came from.
 *
 * <p>The payload array is shared by every subscriber and every queue that holds the message: it is copied
 * once where the message enters the broker and never again. Nobody may modify it after construction.
 * Derived copies ({@link #withRetain(boolean)}, {@link #withTopic(String)}) share the same payload.
 */
public final class Message {
    /** Fixed per-message overhead counted against queue byte limits, besides payload and topic. */
    public static final int OVERHEAD_BYTES = 96;

    private final String topic;
    private final byte[] payload;
    private final Qos qos;
    private final boolean retain;
    private final long expiresAtMillis;
    private final PayloadFormat payloadFormat;
    private final String contentType;
    private final String responseTopic;
    private final byte[] correlationData;
    private final List<UserProperty> userProperties;
    private final Protocol origin;
    private final String publisherId;
    private final long createdAtMillis;

    private Message(Builder b) {
        this.topic = Objects.requireNonNull(b.topic, "topic");
        this.payload = Objects.requireNonNull(b.payload, "payload");
        this.qos = Objects.requireNonNull(b.qos, "qos");
        this.retain = b.retain;
        this.expiresAtMillis = b.expiresAtMillis;
        this.payloadFormat = Objects.requireNonNull(b.payloadFormat, "payloadFormat");
        this.contentType = b.contentType;
        this.responseTopic = b.responseTopic;
        this.correlationData = b.correlationData;
        this.userProperties = b.userProperties == null ? List.of() : List.copyOf(b.userProperties);
        this.origin = Objects.requireNonNull(b.origin, "origin");
        this.publisherId = b.publisherId;
        this.createdAtMillis = b.createdAtMillis;
    }

    public static Builder builder(String topic, byte[] payload) {
        return new Builder(topic, payload);
    }

    public String topic() {
        return topic;
    }

    /** The shared payload. Do not modify. */
    public byte[] payload() {
        return payload;
    }

    public Qos qos() {
        return qos;
    }

    public boolean retain() {
        return retain;
    }

    /** Absolute expiry in epoch milliseconds, or 0 when the message never expires. */
    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    public boolean expires() {
        return expiresAtMillis != 0;
    }

    public boolean isExpired(long nowMillis) {
        return expiresAtMillis != 0 && nowMillis >= expiresAtMillis;
    }

    /**
     * Remaining lifetime in whole seconds, rounded up, for the MQTT 5 Message Expiry Interval a broker
     * forwards [MQTT-3.3.2-6]; -1 when the message never expires.
     */
    public long remainingExpirySeconds(long nowMillis) {
        if (expiresAtMillis == 0) {
            return -1;
        }
        long remaining = expiresAtMillis - nowMillis;
        return remaining <= 0 ? 0 : (remaining + 999) / 1000;
    }

    public PayloadFormat payloadFormat() {
        return payloadFormat;
    }

    /** Content type, or null. */
    public String contentType() {
        return contentType;
    }

    /** Response topic (AMQP reply-to), or null. */
    public String responseTopic() {
        return responseTopic;
    }

    /** Correlation data (AMQP correlation-id), or null. Shared: do not modify. */
    public byte[] correlationData() {
        return correlationData;
    }

    /** User properties in the order the publisher sent them. */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    public Protocol origin() {
        return origin;
    }

    /** Client id of the publishing session (for no-local), or null for broker-originated messages. */
    public String publisherId() {
        return publisherId;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    /** Bytes this message is charged against queue limits. */
    public int sizeEstimate() {
        int size = OVERHEAD_BYTES + payload.length + 2 * topic.length();
        if (correlationData != null) {
            size += correlationData.length;
        }
        for (UserProperty p : userProperties) {
            size += 2 * (p.name().length() + p.value().length()) + 16;
        }
        return size;
    }

    /** A copy with another retain flag, sharing payload and properties. */
    public Message withRetain(boolean newRetain) {
        return newRetain == retain ? this : toBuilder().retain(newRetain).build();
    }

    /** A copy with another QoS, sharing payload and properties. */
    public Message withQos(Qos newQos) {
        return newQos == qos ? this : toBuilder().qos(newQos).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder(topic, payload);
        b.qos = qos;
        b.retain = retain;
        b.expiresAtMillis = expiresAtMillis;
        b.payloadFormat = payloadFormat;
        b.contentType = contentType;
        b.responseTopic = responseTopic;
        b.correlationData = correlationData;
        b.userProperties = userProperties;
        b.origin = origin;
        b.publisherId = publisherId;
        b.createdAtMillis = createdAtMillis;
        return b;
    }

    @Override
    public String toString() {
        return "Message[topic=" + topic + ", qos=" + qos.level() + ", retain=" + retain
                + ", bytes=" + payload.length + ", origin=" + origin + "]";
    }

    /** Builds a {@link Message}; not thread-safe. */
    public static final class Builder {
        private String topic;
        private byte[] payload;
        private Qos qos = Qos.AT_MOST_ONCE;
        private boolean retain;
        private long expiresAtMillis;
        private PayloadFormat payloadFormat = PayloadFormat.UNSPECIFIED;
        private String contentType;
        private String responseTopic;
        private byte[] correlationData;
        private List<UserProperty> userProperties;
        private Protocol origin = Protocol.MQTT;
        private String publisherId;
        private long createdAtMillis = System.currentTimeMillis();

        private Builder(String topic, byte[] payload) {
            this.topic = topic;
            this.payload = payload;
        }

        public Builder topic(String value) {
            this.topic = value;
            return this;
        }

        public Builder qos(Qos value) {
            this.qos = value;
            return this;
        }

        public Builder retain(boolean value) {
            this.retain = value;
            return this;
        }

        /** Absolute expiry in epoch milliseconds; 0 for never. */
        public Builder expiresAtMillis(long value) {
            this.expiresAtMillis = value;
            return this;
        }

        public Builder payloadFormat(PayloadFormat value) {
            this.payloadFormat = value;
            return this;
        }

        public Builder contentType(String value) {
            this.contentType = value;
            return this;
        }

        public Builder responseTopic(String value) {
            this.responseTopic = value;
            return this;
        }

        public Builder correlationData(byte[] value) {
            this.correlationData = value;
            return this;
        }

        public Builder userProperties(List<UserProperty> value) {
            this.userProperties = value;
            return this;
        }

        public Builder origin(Protocol value) {
            this.origin = value;
            return this;
        }

        public Builder publisherId(String value) {
            this.publisherId = value;
            return this;
        }

        public Builder createdAtMillis(long value) {
            this.createdAtMillis = value;
            return this;
        }

        public Message build() {
            return new Message(this);
        }
    }
}
