package io.switchboard.amqp;

import java.util.Objects;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;

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
    static final Symbol JMS_DESTINATION = Symbol.valueOf("x-opt-jms-dest");

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

    /**
     * The kind Qpid JMS gives a message's {@code to} in its {@code x-opt-jms-dest} annotation (0 queue, 1 topic,
     * 2 temporary queue, 3 temporary topic), as terminus capabilities; null without the annotation.
     */
    static Symbol[] jmsDestinationCapabilities(org.apache.qpid.proton.message.Message message) {
        MessageAnnotations annotations = message.getMessageAnnotations();
        Object kind = annotations == null || annotations.getValue() == null ? null
                : annotations.getValue().get(JMS_DESTINATION);
        if (!(kind instanceof Number number)) {
            return null;
        }
        return switch (number.intValue()) {
            case 0, 2 -> new Symbol[] {QUEUE_CAPABILITY};
            case 1, 3 -> new Symbol[] {TOPIC_CAPABILITY};
            default -> null;
        };
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
