package io.switchboard.amqp;

import io.switchboard.router.api.BrokerSession;
import io.switchboard.router.api.TopicFilter;
import io.switchboard.router.api.Topics;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sender;

/** Our sending end of a client's receiver on a topic: deliveries within its credit, settlements back. */
final class SubscriptionLink {
    private final Sender sender;
    private final TopicFilter filter;
    private final boolean presettled;
    private long nextTag;

    SubscriptionLink(Sender sender, TopicFilter filter, boolean presettled) {
        this.sender = sender;
        this.filter = filter;
        this.presettled = presettled;
    }

    TopicFilter filter() {
        return filter;
    }

    boolean presettled() {
        return presettled;
    }

    boolean matches(String topic) {
        return Topics.matches(filter.filter(), topic);
    }

    boolean hasCredit() {
        return sender.getCredit() > 0;
    }

    boolean active() {
        return sender.getLocalState() == EndpointState.ACTIVE;
    }

    /** Sends one encoded message; {@code tracker} is null for a pre-settled transfer. */
    void send(byte[] encoded, Tracker tracker) {
        long tag = nextTag++;
        byte[] tagBytes = new byte[] {
            (byte) (tag >>> 56), (byte) (tag >>> 48), (byte) (tag >>> 40), (byte) (tag >>> 32),
            (byte) (tag >>> 24), (byte) (tag >>> 16), (byte) (tag >>> 8), (byte) tag};
        Delivery delivery = sender.delivery(tagBytes);
        delivery.setContext(tracker);
        sender.send(encoded, 0, encoded.length);
        sender.advance();
        if (tracker == null) {
            delivery.settle();
        }
    }

    /** The receiver updated a delivery (outcome and/or settlement). */
    void updated(Delivery delivery, BrokerSession session) {
        DeliveryState state = delivery.getRemoteState();
        if (!delivery.remotelySettled() && state == null) {
            return;
        }
        Tracker tracker = (Tracker) delivery.getContext();
        delivery.setContext(null);
        delivery.settle();
        if (tracker != null) {
            tracker.settled(state instanceof Accepted, session);
        }
    }

    /** Honours a drain request: after the router had its chance to use the credit, the rest is given back. */
    void drainIfAsked() {
        if (sender.getDrain() && sender.getCredit() > 0) {
            sender.drained();
        }
    }

    /** The link is gone: its unsettled deliveries count as not accepted. */
    void abandon(BrokerSession session) {
        Delivery d = sender.head();
        while (d != null) {
            Delivery next = d.next();
            if (d.getContext() instanceof Tracker tracker) {
                d.setContext(null);
                tracker.settled(false, session);
            }
            d = next;
        }
    }
}
