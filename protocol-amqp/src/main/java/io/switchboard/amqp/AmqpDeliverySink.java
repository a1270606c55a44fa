package io.switchboard.amqp;

import io.switchboard.router.api.BrokerSession;
import io.switchboard.router.api.Delivery;
import io.switchboard.router.api.DeliverySink;
import io.switchboard.router.api.DisconnectReason;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.Qos;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the router's deliveries for one AMQP connection arrive (on its event loop): each goes to every
 * subscription link whose filter matches its topic, within that link's credit. Output is flushed once per
 * event-loop batch.
 */
final class AmqpDeliverySink implements DeliverySink {
    private static final Logger LOG = LoggerFactory.getLogger(AmqpDeliverySink.class);

    private final AmqpConnection connection;
    private final List<SubscriptionLink> subscriptions;
    private final Links links;
    private long noCreditDrops;

    AmqpDeliverySink(AmqpConnection connection, List<SubscriptionLink> subscriptions, Links links) {
        this.connection = connection;
        this.subscriptions = subscriptions;
        this.links = links;
    }

    @Override
    public void deliver(Delivery delivery) {
        BrokerSession session = connection.session();
        String topic = delivery.message().topic();
        Tracker tracker = delivery.qos() == Qos.AT_MOST_ONCE ? null : new Tracker(delivery.id());
        byte[] encoded = null;
        for (SubscriptionLink subscription : subscriptions) {
            if (!subscription.active() || !subscription.matches(topic)) {
                continue;
            }
            if (!subscription.hasCredit()) {
                noCreditDrops++;
                if (noCreditDrops == 1 || noCreditDrops % 1000 == 0) {
                    LOG.warn("delivery.dropped reason=no_link_credit client={} topic={} dropped_total={}",
                            connection.clientId(), topic, noCreditDrops);
                }
                continue;
            }
            if (encoded == null) {
                encoded = AmqpMessages.encode(AmqpMessages.toAmqp(delivery.message(), System.currentTimeMillis()));
            }
            boolean settled = tracker == null || subscription.presettled();
            if (!settled) {
                tracker.sent();
            }
            subscription.send(encoded, settled ? null : tracker);
            connection.metrics().messageSent(Protocol.AMQP, settled ? Qos.AT_MOST_ONCE : Qos.AT_LEAST_ONCE,
                    delivery.message().payload().length);
        }
        if (tracker != null && tracker.unsent() && session != null) {
            session.acknowledged(delivery.id());
        }
        links.updateWritability();
        connection.requestPump();
    }

    /** Only QoS 2 deliveries have a release phase, and AMQP subscriptions are granted QoS 1 at most. */
    @Override
    public void resendRelease(int deliveryId) {
        BrokerSession session = connection.session();
        if (session != null) {
            session.acknowledged(deliveryId);
        }
    }

    @Override
    public void close(DisconnectReason reason) {
        connection.closedByRouter(reason);
    }
}
