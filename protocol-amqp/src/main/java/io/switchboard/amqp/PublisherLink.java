package io.switchboard.amqp;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.PublishOutcome;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.Topics;
import io.switchboard.router.limit.MemoryBudget;
import io.switchboard.router.security.Action;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.LinkError;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our receiving end of a client's sender on a topic or queue, or on the anonymous relay (no target: each
 * message's {@code to} names its destination, checked against the ACL message by message): each complete
 * transfer is published; a pre-settled one at QoS 0, an unsettled one at QoS 1 and accepted only when the router
 * says it may be acknowledged. Credit is topped up as messages are settled, so a publisher never has more than the
 * link credit in flight, and only as the connection's publish rate and the memory budget allow.
 */
final class PublisherLink {
    private static final Logger LOG = LoggerFactory.getLogger(PublisherLink.class);

    private final AmqpConnection connection;
    private final Receiver receiver;
    private final PublishTarget target;
    private final String topic;
    private final AmqpSettings settings;
    private int awaitingRouter;
    private boolean waitingForRoom;
    private boolean waitingForBudget;
    private boolean closed;

    /** @param target the destination, or null for the anonymous relay */
    PublisherLink(AmqpConnection connection, Receiver receiver, PublishTarget target, AmqpSettings settings) {
        this.connection = connection;
        this.receiver = receiver;
        this.target = target;
        this.topic = target == null ? "(anonymous-relay)" : target.name();
        this.settings = settings;
    }

    void close() {
        closed = true;
    }

    void transfer(Delivery delivery) {
        if (closed || delivery.isSettled() || delivery != receiver.current()) {
            return; // a settlement update of a delivery we already finished
        }
        if (delivery.isAborted()) {
            delivery.settle();
            receiver.advance();
            topUpCredit();
            return;
        }
        ByteArrayOutputStream buffer = (ByteArrayOutputStream) delivery.getContext();
        if (buffer == null && receiver.getCredit() < 0) {
            closeLink(delivery, LinkError.TRANSFER_LIMIT_EXCEEDED, "transfer without link credit");
            return;
        }
        int available = delivery.pending();
        long total = (buffer == null ? 0 : buffer.size()) + (long) Math.max(0, available);
        if (total > settings.maxMessageSize()) {
            tooLarge(delivery, total);
            return;
        }
        if (buffer == null && !delivery.isPartial()) {
            ReadableBuffer whole = receiver.recv(); // one frame, the common case: decoded where it lies, no copy
            receiver.advance();
            publish(delivery, whole);
            return;
        }
        if (available > 0) {
            if (buffer == null) {
                buffer = new ByteArrayOutputStream(delivery.isPartial() ? available * 2 : available);
                delivery.setContext(buffer);
            }
            byte[] chunk = new byte[available];
            int read = receiver.recv(chunk, 0, available);
            buffer.write(chunk, 0, Math.max(0, read));
        }
        if (delivery.isPartial()) {
            return;
        }
        receiver.advance();
        delivery.setContext(null);
        publish(delivery, ReadableBuffer.ByteBufferReader.wrap(buffer == null ? new byte[0] : buffer.toByteArray()));
    }

    private void publish(Delivery delivery, ReadableBuffer encoded) {
        if (connection.session() == null) {
            return; // the connection is closing: the message is neither published nor settled
        }
        connection.publishBudget().transferred(encoded.remaining());
        boolean presettled = delivery.remotelySettled();
        Qos qos = presettled ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE;
        PublishTarget destination;
        Message message;
        try {
            if (target != null) {
                destination = target;
                message = AmqpMessages.toRouter(encoded, destination.name(), qos, connection.clientId(),
                        System.currentTimeMillis()); // decoded in place
            } else {
                org.apache.qpid.proton.message.Message amqp = Proton.message(); // relay: 'to' decides first
                amqp.decode(encoded);
                destination = relayDestination(delivery, amqp);
                if (destination == null) {
                    return; // refused
                }
                message = AmqpMessages.toRouter(amqp, destination.name(), qos, connection.clientId(),
                        System.currentTimeMillis());
            }
        } catch (RuntimeException e) {
            refuse(delivery, topic, AmqpError.DECODE_ERROR, "message cannot be decoded: " + e.getMessage());
            return;
        }
        connection.metrics().messageReceived(Protocol.AMQP, qos, message.payload().length);
        if (presettled) {
            destination.publishSettled(message);
            settle(delivery, null);
            return;
        }
        awaitingRouter++;
        destination.publish(message, outcome -> {
            awaitingRouter--;
            if (!closed) {
                settle(delivery, state(outcome));
                connection.requestPump();
            }
        });
    }

    /** The destination a relayed message's {@code to} names, if the client may send there; else refuses it. */
    private PublishTarget relayDestination(Delivery delivery, org.apache.qpid.proton.message.Message amqp) {
        Address address = Address.parse(amqp.getAddress(), Address.jmsDestinationCapabilities(amqp),
                settings.bareAddress());
        if (address == null || address.name().isEmpty()) {
            refuse(delivery, "-", AmqpError.INVALID_FIELD, "a message on the anonymous relay needs a 'to' address");
            return null;
        }
        boolean queue = address.kind() == AddressKind.QUEUE;
        if (!queue && !Topics.isValidTopicName(address.name())) {
            refuse(delivery, address.name(), AmqpError.INVALID_FIELD, "not a valid topic name to publish to");
            return null;
        }
        if (!connection.allowed(Action.PUBLISH, queue ? Address.aclName(address.name()) : address.name())) {
            refuse(delivery, address.name(), AmqpError.UNAUTHORIZED_ACCESS, "not authorized to publish");
            return null;
        }
        return queue ? PublishTarget.queue(connection.queues().lookupOrCreate(address.name()), connection.executor())
                : PublishTarget.topic(address.name(), connection.session());
    }

    /** Rejects one message (a pre-settled one is dropped: the sender gave up its outcome), the link stays. */
    private void refuse(Delivery delivery, String destination, org.apache.qpid.proton.amqp.Symbol condition,
                        String description) {
        LOG.info("amqp.message_refused client={} topic={} condition={} reason=\"{}\"", connection.clientId(),
                destination, condition, description);
        settle(delivery, rejected(condition.toString(), description));
    }

    private static DeliveryState state(PublishOutcome outcome) {
        return switch (outcome) {
            case ROUTED, NO_MATCHING_SUBSCRIBERS -> Accepted.getInstance();
            case QUOTA_EXCEEDED -> rejected(AmqpError.RESOURCE_LIMIT_EXCEEDED.toString(), "broker quota exceeded");
            case TOPIC_NAME_INVALID -> rejected(AmqpError.INVALID_FIELD.toString(), "topic name not valid");
            case NOT_STORED -> rejected(AmqpError.INTERNAL_ERROR.toString(), "message could not be stored");
        };
    }

    private static Rejected rejected(String condition, String description) {
        Rejected rejected = new Rejected();
        rejected.setError(new ErrorCondition(org.apache.qpid.proton.amqp.Symbol.valueOf(condition), description));
        return rejected;
    }

    private void settle(Delivery delivery, DeliveryState state) {
        if (state != null && !delivery.remotelySettled()) {
            delivery.disposition(state);
        }
        delivery.settle();
        topUpCredit();
    }

    private void tooLarge(Delivery delivery, long size) {
        closeLink(delivery, LinkError.MESSAGE_SIZE_EXCEEDED,
                "message of at least " + size + " bytes exceeds " + settings.maxMessageSize());
    }

    private void closeLink(Delivery delivery, org.apache.qpid.proton.amqp.Symbol condition, String description) {
        LOG.info("amqp.link_closed client={} topic={} condition={} reason=\"{}\"", connection.clientId(), topic,
                condition, description);
        closed = true;
        delivery.setContext(null);
        delivery.settle();
        receiver.setCondition(new ErrorCondition(condition, description));
        receiver.close();
        receiver.setContext(null);
        connection.requestPump();
    }

    /**
     * Keeps credit + messages awaiting the router at the configured link credit, refilled by halves, and only
     * while the destination has room: a full queue holds its producers back by credit.
     */
    void topUpCredit() {
        if (closed || waitingForRoom || waitingForBudget) {
            return;
        }
        if (target != null && !target.hasRoom()) {
            waitingForRoom = true;
            target.whenRoom(() -> {
                waitingForRoom = false;
                topUpCredit();
                connection.requestPump();
            });
            return;
        }
        PublishBudget budget = connection.publishBudget();
        MemoryBudget memory = budget.exceededMemory();
        if (memory != null) {
            waitingForBudget = true;
            LOG.debug("amqp.credit_withheld client={} topic={} reason=memory_budget", connection.clientId(), topic);
            memory.whenBelow(() -> connection.channel().eventLoop().execute(this::budgetRefilled));
            return;
        }
        int room = target == null ? Integer.MAX_VALUE : target.room();
        int wanted = Math.min(settings.linkCredit(), room) - awaitingRouter;
        int credit = receiver.getCredit();
        if (wanted > credit && credit <= wanted / 2) {
            int granted = budget.grant(wanted - credit, connection.clientId());
            if (granted > 0) {
                receiver.flow(granted);
            }
            if (granted < wanted - credit && credit + granted == 0) {
                // over the publish rate: no credit until the buckets refill
                waitingForBudget = true;
                connection.channel().eventLoop().schedule(this::budgetRefilled,
                        Math.max(1, budget.nanosUntilCredit()), TimeUnit.NANOSECONDS);
            }
        }
    }

    private void budgetRefilled() {
        waitingForBudget = false;
        topUpCredit();
        connection.requestPump();
    }
}
