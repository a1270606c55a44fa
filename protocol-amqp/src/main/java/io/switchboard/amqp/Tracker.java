package io.switchboard.amqp;

import io.switchboard.router.api.BrokerSession;

/**
 * One at-least-once router delivery sent on one or more links: the router learns its fate once every link
 * settled it (acknowledged when all accepted, otherwise rejected: a topic delivery is never redelivered).
 */
final class Tracker {
    private final int deliveryId;
    private int outstanding;
    private boolean allAccepted = true;

    Tracker(int deliveryId) {
        this.deliveryId = deliveryId;
    }

    void sent() {
        outstanding++;
    }

    boolean unsent() {
        return outstanding == 0;
    }

    void settled(boolean accepted, BrokerSession session) {
        allAccepted &= accepted;
        if (--outstanding == 0 && session != null) {
            if (allAccepted) {
                session.acknowledged(deliveryId);
            } else {
                session.rejected(deliveryId);
            }
        }
    }
}
