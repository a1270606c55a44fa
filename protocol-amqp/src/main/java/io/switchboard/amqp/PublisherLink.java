package io.switchboard.amqp;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.PublishOutcome;
import io.switchboard.router.api.Qos;
import java.io.ByteArrayOutputStream;
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
 * Our receiving end of a client's sender on a topic: each complete transfer is published; a pre-settled one at
 * QoS 0, an unsettled one at QoS 1 and accepted only when the router says it may be acknowledged. Credit is
 * topped up as messages are settled, so a publisher never has more than the link credit in flight.
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
    private boolean closed;

    PublisherLink(AmqpConnection connection, Receiver receiver, PublishTarget target, AmqpSettings settings) {
        this.connection = connection;
        this.receiver = receiver;
        this.target = target;
        this.topic = target.name();
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
        boolean presettled = delivery.remotelySettled();
        Message message;
        try {
            message = AmqpMessages.toRouter(encoded, topic, presettled ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE,
                    connection.clientId(), System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            LOG.info("amqp.message_refused client={} topic={} condition={} reason=\"{}\"", connection.clientId(),
                    topic, AmqpError.DECODE_ERROR, e.getMessage());
            settle(delivery, rejected(AmqpError.DECODE_ERROR.toString(), e.getMessage()));
            return;
        }
        if (presettled) {
            target.publishSettled(message);
            settle(delivery, null);
            return;
        }
        awaitingRouter++;
        target.publish(message, outcome -> {
            awaitingRouter--;
            if (!closed) {
                settle(delivery, state(outcome));
                connection.requestPump();
            }
        });
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
        if (closed || waitingForRoom) {
            return;
        }
        if (!target.hasRoom()) {
            waitingForRoom = true;
            target.whenRoom(() -> {
                waitingForRoom = false;
                topUpCredit();
                connection.requestPump();
            });
            return;
        }
        int wanted = Math.min(settings.linkCredit(), target.room()) - awaitingRouter;
        int credit = receiver.getCredit();
        if (wanted > credit && credit <= wanted / 2) {
            receiver.flow(wanted - credit);
        }
    }
}
