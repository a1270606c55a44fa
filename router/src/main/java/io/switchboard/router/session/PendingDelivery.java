package io.switchboard.router.session;

import io.switchboard.router.api.Delivery;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.Qos;
import io.switchboard.router.spi.StoredDelivery;

/**
 * A message held by one session: queued (id 0) or in flight. Mutable, confined to the session's executor.
 */
final class PendingDelivery {
    final long sequence;
    final Message message;
    final Qos qos;
    final boolean retain;
    final int[] subscriptionIds;
    /** Share group and raw filter this came through, for redispatch when the member leaves; null otherwise. */
    final String shareGroup;
    final String shareFilter;
    int deliveryId;
    /** Outbound QoS 2: PUBREC received, waiting for PUBCOMP. The client has the message. */
    boolean released;
    /** Sent at least once on some connection: a resend carries the duplicate flag. */
    boolean sent;
    /** Neighbours in the session's in-flight list (send order); null while queued. */
    PendingDelivery prevInflight;
    PendingDelivery nextInflight;

    PendingDelivery(long sequence, Message message, Qos qos, boolean retain, int[] subscriptionIds,
                    String shareGroup, String shareFilter) {
        this.sequence = sequence;
        this.message = message;
        this.qos = qos;
        this.retain = retain;
        this.subscriptionIds = subscriptionIds;
        this.shareGroup = shareGroup;
        this.shareFilter = shareFilter;
    }

    static PendingDelivery restore(StoredDelivery stored) {
        PendingDelivery d = new PendingDelivery(stored.sequence(), stored.message(), stored.qos(), stored.retain(),
                stored.subscriptionIds(), stored.shareGroup(), stored.shareFilter());
        d.deliveryId = stored.deliveryId();
        d.released = stored.released();
        d.sent = stored.deliveryId() != 0;
        return d;
    }

    int sizeEstimate() {
        return message.sizeEstimate();
    }

    Delivery toDelivery() {
        return new Delivery(deliveryId, message, qos, retain, sent, subscriptionIds);
    }

    StoredDelivery toStored() {
        return new StoredDelivery(sequence, message, qos, retain, subscriptionIds, shareGroup, shareFilter,
                deliveryId, released);
    }
}
