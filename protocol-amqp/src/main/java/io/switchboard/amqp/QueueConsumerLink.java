package io.switchboard.amqp;

import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.QueueConsumer;
import io.switchboard.router.api.QueueDelivery;
import io.switchboard.router.api.QueueRef;
import io.switchboard.router.api.QueueSink;
import io.switchboard.router.api.SessionExecutor;
import java.nio.ByteBuffer;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sender;

/**
 * Our sending end of a client's receiver on a named queue: the link's credit is handed to the queue as
 * consumer credit, each queue delivery is one transfer, and the receiver's outcome settles it in the queue
 * (accepted, released, modified, rejected).
 */
final class QueueConsumerLink implements QueueSink {
    private final AmqpConnection connection;
    private final Sender sender;
    private final QueueRef queue;
    private final boolean presettled;
    private final boolean subscription;
    private QueueConsumer consumer;
    private int creditAtQueue;
    private boolean detached;

    QueueConsumerLink(AmqpConnection connection, Sender sender, QueueRef queue, boolean presettled,
                      boolean subscription) {
        this.connection = connection;
        this.sender = sender;
        this.queue = queue;
        this.presettled = presettled;
        this.subscription = subscription;
    }

    /** True for a durable subscription's queue. */
    boolean subscription() {
        return subscription;
    }

    void attach(SessionExecutor executor) {
        consumer = queue.attach(this, executor);
    }

    QueueRef queue() {
        return queue;
    }

    /** The receiver's credit changed: the difference goes to the queue; a drain request is passed on. */
    void flow() {
        if (detached) {
            return;
        }
        int credit = sender.getCredit();
        if (credit > creditAtQueue) {
            consumer.addCredit(credit - creditAtQueue);
            creditAtQueue = credit;
        }
        if (sender.getDrain() && credit > 0) {
            consumer.drain();
        }
    }

    @Override
    public void deliver(QueueDelivery delivery) {
        if (detached || sender.getLocalState() != EndpointState.ACTIVE) {
            if (consumer != null) {
                consumer.release(delivery.tag());
            }
            return;
        }
        creditAtQueue--;
        org.apache.qpid.proton.message.Message amqp = AmqpMessages.toAmqp(delivery.message(),
                System.currentTimeMillis());
        amqp.getHeader().setDeliveryCount(UnsignedInteger.valueOf(delivery.deliveryCount()));
        Delivery transfer = sender.delivery(ByteBuffer.allocate(8).putLong(delivery.tag()).array());
        sender.sendNoCopy(AmqpMessages.encodeForSending(amqp, delivery.message()));
        sender.advance();
        connection.metrics().messageSent(Protocol.AMQP, presettled ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE,
                delivery.message().payload().length);
        if (presettled) {
            transfer.settle();
            consumer.accept(delivery.tag());
        } else {
            transfer.setContext(delivery.tag());
        }
        connection.requestPump();
    }

    @Override
    public void drained() {
        if (detached) {
            return;
        }
        creditAtQueue = 0;
        if (sender.getCredit() > 0) {
            sender.drained();
        }
        connection.requestPump();
    }

    /** The receiver updated a delivery: its outcome settles the message in the queue. */
    void updated(Delivery delivery) {
        DeliveryState state = delivery.getRemoteState();
        if (!delivery.remotelySettled() && state == null) {
            return;
        }
        Object tag = delivery.getContext();
        delivery.setContext(null);
        delivery.settle();
        if (!(tag instanceof Long id) || detached) {
            return;
        }
        if (state instanceof Rejected) {
            consumer.reject(id);
        } else if (state instanceof Released) {
            consumer.release(id);
        } else if (state instanceof Modified modified) {
            consumer.modify(id, Boolean.TRUE.equals(modified.getDeliveryFailed()),
                    Boolean.TRUE.equals(modified.getUndeliverableHere()));
        } else if (state == null || state instanceof Accepted) {
            consumer.accept(id); // settled without an outcome: the receiver's default outcome, accepted
        }
    }

    /** The link or the connection is gone: unsettled messages go back to the queue. */
    void detach() {
        if (!detached) {
            detached = true;
            if (consumer != null) {
                consumer.detach();
            }
        }
    }
}
