package io.switchboard.router.session;

import io.switchboard.router.api.BrokerSession;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.PublishListener;
import io.switchboard.router.api.PublishOutcome;
import io.switchboard.router.api.SubscribeOutcome;
import io.switchboard.router.api.SubscriptionOptions;

/**
 * One connection's handle on its session. Once the connection is detached (disconnect, takeover, overflow,
 * shutdown) the handle is dead and every call is a no-op, so a late call from a closing channel can never
 * touch a session that moved to another connection.
 */
final class Attachment implements BrokerSession {
    private final Session session;

    Attachment(Session session) {
        this.session = session;
    }

    private boolean live() {
        return session.isLive(this);
    }

    @Override
    public String clientId() {
        return session.clientId();
    }

    @Override
    public SubscribeOutcome subscribe(String topicFilter, SubscriptionOptions options) {
        if (!live()) {
            return SubscribeOutcome.refused(SubscribeOutcome.Failure.TOPIC_FILTER_INVALID);
        }
        return session.subscribe(topicFilter, options);
    }

    @Override
    public boolean unsubscribe(String topicFilter) {
        return live() && session.unsubscribe(topicFilter);
    }

    @Override
    public PublishOutcome publish(Message message) {
        return session.publishFrom(message);
    }

    @Override
    public void publish(Message message, PublishListener listener) {
        session.publishFrom(message, listener);
    }

    @Override
    public boolean beginInboundQos2(int packetId) {
        return live() && session.beginInboundQos2(packetId);
    }

    @Override
    public boolean releaseInboundQos2(int packetId) {
        return live() && session.releaseInboundQos2(packetId);
    }

    @Override
    public boolean acknowledged(int deliveryId) {
        return live() && session.outbox().acknowledged(deliveryId);
    }

    @Override
    public boolean received(int deliveryId) {
        return live() && session.outbox().received(deliveryId);
    }

    @Override
    public void rejected(int deliveryId) {
        if (live()) {
            session.outbox().acknowledged(deliveryId);
        }
    }

    @Override
    public void writabilityChanged(boolean writable) {
        if (live()) {
            session.outbox().writabilityChanged(writable);
        }
    }

    @Override
    public void sessionExpiry(long seconds) {
        if (live()) {
            session.sessionExpiry(seconds);
        }
    }

    @Override
    public void disconnect(boolean publishWill) {
        if (live()) {
            session.detach(publishWill);
        }
    }

    @Override
    public int subscriptionCount() {
        return live() ? session.subscriptionCount() : 0;
    }

    @Override
    public boolean isSubscribed(String topicFilter) {
        return live() && session.isSubscribed(topicFilter);
    }
}
