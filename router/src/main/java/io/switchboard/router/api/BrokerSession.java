package io.switchboard.router.api;

/**
 * A connected client's handle on its router session, obtained from {@code Router.connect}. Every method must
 * be called on the session's executor (the connection's event loop). After {@link #disconnect} or after the
 * router closed the sink, the handle is dead and calls are ignored.
 */
public interface BrokerSession {
    String clientId();

    /** Subscribe or replace the subscription with the same filter [MQTT-3.8.4-3]; sends retained messages per options. */
    SubscribeOutcome subscribe(String topicFilter, SubscriptionOptions options);

    /** How many subscriptions the session has (for a per-client limit). */
    int subscriptionCount();

    /** True when the session has a subscription with exactly this filter (a subscribe would replace it). */
    boolean isSubscribed(String topicFilter);

    /** Remove a subscription; false when there was none (MQTT 5 UNSUBACK 0x11). */
    boolean unsubscribe(String topicFilter);

    /**
     * Route a message published by this client, without waiting for storage: for QoS 0, or where the outcome
     * is not acknowledged. The message's topic is already validated.
     */
    PublishOutcome publish(Message message);

    /**
     * Route a QoS 1/2 message published by this client and tell the listener, on this session's executor, when
     * it may be acknowledged and how: at once for a volatile message; for a durable one (the router's durability
     * policy) after the store commit that holds it and every queue entry it created. A message the store has
     * no room for is refused with {@link PublishOutcome#QUOTA_EXCEEDED} and not routed.
     */
    void publish(Message message, PublishListener listener);

    /**
     * Record an inbound QoS 2 packet id when its PUBLISH arrives (the message is routed at that moment).
     * Returns false when the id is already pending, i.e. the PUBLISH is a duplicate that must not be routed
     * again [MQTT-4.3.3-9].
     */
    boolean beginInboundQos2(int packetId);

    /** The client released an inbound QoS 2 packet id (PUBREL); false when it was not pending (MQTT 5 0x92). */
    boolean releaseInboundQos2(int packetId);

    /** The client acknowledged an outbound delivery (MQTT PUBACK for QoS 1, PUBCOMP for QoS 2); false when unknown. */
    boolean acknowledged(int deliveryId);

    /** The client received an outbound QoS 2 delivery (PUBREC); the release is sent by the adapter. false when unknown. */
    boolean received(int deliveryId);

    /** The client refused an outbound delivery (PUBACK/PUBREC with an error reason): it is discarded. */
    void rejected(int deliveryId);

    /** Channel writability changed: when false, the router queues instead of delivering. */
    void writabilityChanged(boolean writable);

    /** MQTT 5 DISCONNECT may change the session expiry interval. */
    void sessionExpiry(long seconds);

    /**
     * The connection ended. With {@code publishWill} the will (if any) is published per its delay; a normal
     * disconnect discards it [MQTT-3.14.4-3].
     */
    void disconnect(boolean publishWill);
}
