package io.switchboard.router.api;

import java.util.List;
import java.util.Objects;

/**
 * A named queue: anycast, competing consumers, optionally durable, optionally bound to topic filters so that
 * messages published to matching topics (by MQTT or AMQP) also land in it.
 *
 * @param name            the queue's name (its address)
 * @param durable         QoS 1/2 messages are kept in the store and the queue survives a restart
 * @param maxMessages     messages the queue holds at most (ready + unacknowledged)
 * @param maxBytes        bytes it holds at most ({@link Message#sizeEstimate()})
 * @param overflow        what a full queue does with a message from a topic binding (producers sending to the
 *                        queue directly are held back by credit instead)
 * @param bindings        topic filters whose messages the queue receives
 * @param deadLetterQueue where rejected messages go, or null to drop them (counted)
 * @param autoDelete      the queue is deleted when its last consumer leaves (temporary queues)
 */
public record QueueSpec(
        String name,
        boolean durable,
        int maxMessages,
        long maxBytes,
        OverflowPolicy overflow,
        List<String> bindings,
        String deadLetterQueue,
        boolean autoDelete) {

    public QueueSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(overflow, "overflow");
        bindings = List.copyOf(bindings);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a queue needs a name");
        }
        if (maxMessages < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("queue " + name + ": limits must be positive");
        }
        if (overflow == OverflowPolicy.DISCONNECT) {
            throw new IllegalArgumentException("queue " + name + ": overflow must be drop_oldest or drop_new");
        }
    }

    /** A queue created on first use: not durable, no bindings, default limits. */
    public static QueueSpec onDemand(String name) {
        return new QueueSpec(name, false, 100_000, 256L * 1024 * 1024, OverflowPolicy.DROP_NEW, List.of(), null,
                false);
    }

    /** A temporary queue deleted with its last consumer (AMQP dynamic node). */
    public static QueueSpec temporary(String name) {
        return new QueueSpec(name, false, 100_000, 256L * 1024 * 1024, OverflowPolicy.DROP_NEW, List.of(), null,
                true);
    }

    public QueueSpec withDurable(boolean value) {
        return new QueueSpec(name, value, maxMessages, maxBytes, overflow, bindings, deadLetterQueue, autoDelete);
    }

    public QueueSpec withBindings(List<String> value) {
        return new QueueSpec(name, durable, maxMessages, maxBytes, overflow, value, deadLetterQueue, autoDelete);
    }
}
