package io.switchboard.broker.config;

import io.switchboard.router.api.OverflowPolicy;
import io.switchboard.router.api.QueueSpec;
import io.switchboard.router.api.TopicFilter;
import java.util.List;

/**
 * One entry of section {@code queues}: a named queue (anycast, competing consumers) created at start, optionally
 * bound to topic filters so that what MQTT and AMQP clients publish to matching topics lands in it.
 *
 * @param name            the queue's name, its AMQP address ({@code queue://name} or the bare name)
 * @param durable         keep its QoS 1/2 messages in the store (acknowledged after the commit); null: as
 *                        {@code storage.durability} (durable when that is local)
 * @param bindings        topic filters (MQTT syntax, wildcards allowed, no {@code $share/})
 * @param maxMessages     messages it holds at most (ready and unacknowledged)
 * @param maxBytes        bytes it holds at most
 * @param overflow        what a full queue does with a message from a binding: drop_new or drop_oldest (senders to
 *                        the queue itself are held back by link credit instead)
 * @param deadLetterQueue where rejected messages go (created on first use unless declared); null: dropped, counted
 */
public record QueueConfig(
        String name,
        Boolean durable,
        List<String> bindings,
        Integer maxMessages,
        ByteSize maxBytes,
        OverflowPolicy overflow,
        String deadLetterQueue) {

    static final int DEFAULT_MAX_MESSAGES = QueueSpec.onDemand("default").maxMessages();
    static final ByteSize DEFAULT_MAX_BYTES = new ByteSize(QueueSpec.onDemand("default").maxBytes());

    public QueueConfig {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("name", "must be a non-empty queue name");
        }
        if (!name.strip().equals(name) || name.contains("://")) {
            throw new InvalidValueException("name", "'" + name + "' must be a bare name, without surrounding"
                    + " spaces or a queue:// prefix");
        }
        bindings = bindings == null ? List.of() : List.copyOf(bindings);
        for (int i = 0; i < bindings.size(); i++) {
            checkBinding("bindings[" + i + "]", bindings.get(i));
        }
        maxMessages = maxMessages == null ? DEFAULT_MAX_MESSAGES : maxMessages;
        InvalidValueException.range("max_messages", maxMessages, 1, Integer.MAX_VALUE);
        maxBytes = maxBytes == null ? DEFAULT_MAX_BYTES : maxBytes;
        if (maxBytes.bytes() < 1) {
            throw new InvalidValueException("max_bytes", "must be at least 1 byte");
        }
        overflow = overflow == null ? OverflowPolicy.DROP_NEW : overflow;
        if (overflow != OverflowPolicy.DROP_NEW && overflow != OverflowPolicy.DROP_OLDEST) {
            throw new InvalidValueException("overflow", "must be drop_new or drop_oldest for a queue, got "
                    + overflow.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (deadLetterQueue != null && (deadLetterQueue.isBlank() || deadLetterQueue.equals(name))) {
            throw new InvalidValueException("dead_letter_queue", "must name another queue, got '"
                    + deadLetterQueue + "'");
        }
    }

    private static void checkBinding(String key, String binding) {
        if (binding == null) {
            throw new InvalidValueException(key, "must be a topic filter");
        }
        TopicFilter filter;
        try {
            filter = TopicFilter.parse(binding);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(key, "'" + binding + "' is not a valid topic filter: " + e.getMessage());
        }
        if (filter.isShared()) {
            throw new InvalidValueException(key, "'" + binding + "' is a shared subscription filter; a binding"
                    + " matches topics, use the filter without $share/{group}/");
        }
    }

    /** Whether the queue is durable, given whether the store is the default for messages. */
    boolean durableUnder(boolean storeByDefault) {
        return durable == null ? storeByDefault : durable;
    }

    /** The router's declaration of this queue. */
    QueueSpec toSpec(boolean storeByDefault) {
        return new QueueSpec(name, durableUnder(storeByDefault), maxMessages, maxBytes.bytes(), overflow, bindings,
                deadLetterQueue, false);
    }
}
