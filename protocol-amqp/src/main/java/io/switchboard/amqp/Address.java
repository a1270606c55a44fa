package io.switchboard.amqp;

import java.util.Objects;
import org.apache.qpid.proton.amqp.Symbol;

/**
 * A parsed link address: {@code topic://name}, {@code queue://name}, a bare name with Qpid JMS's {@code topic} /
 * {@code queue} (or {@code temporary-topic} / {@code temporary-queue}) terminus capability, or a bare name read
 * as the configured default kind.
 */
record Address(AddressKind kind, String name) {
    static final String TOPIC_PREFIX = "topic://";
    static final String QUEUE_PREFIX = "queue://";
    static final Symbol TOPIC_CAPABILITY = Symbol.valueOf("topic");
    static final Symbol QUEUE_CAPABILITY = Symbol.valueOf("queue");
    static final Symbol TEMPORARY_TOPIC_CAPABILITY = Symbol.valueOf("temporary-topic");
    static final Symbol TEMPORARY_QUEUE_CAPABILITY = Symbol.valueOf("temporary-queue");

    Address {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /**
     * The name a queue is checked under in the ACL: {@code $queue/NAME}. Like {@code $SYS}, it is outside what a
     * rule starting with a wildcard covers, so topic rules never grant queues by accident.
     */
    static String aclName(String queueName) {
        return "$queue/" + queueName;
    }

    /** Parses a terminus address; null when the address is null or empty. */
    static Address parse(String address, Symbol[] capabilities, AddressKind bareDefault) {
        if (address == null || address.isEmpty()) {
            return null;
        }
        if (address.startsWith(TOPIC_PREFIX)) {
            return new Address(AddressKind.TOPIC, address.substring(TOPIC_PREFIX.length()));
        }
        if (address.startsWith(QUEUE_PREFIX)) {
            return new Address(AddressKind.QUEUE, address.substring(QUEUE_PREFIX.length()));
        }
        if (capabilities != null) {
            for (Symbol capability : capabilities) {
                if (TOPIC_CAPABILITY.equals(capability) || TEMPORARY_TOPIC_CAPABILITY.equals(capability)) {
                    return new Address(AddressKind.TOPIC, address);
                }
                if (QUEUE_CAPABILITY.equals(capability) || TEMPORARY_QUEUE_CAPABILITY.equals(capability)) {
                    return new Address(AddressKind.QUEUE, address);
                }
            }
        }
        return new Address(bareDefault, address);
    }
}
