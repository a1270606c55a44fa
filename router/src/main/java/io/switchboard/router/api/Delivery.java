package io.switchboard.router.api;

/**
 * One message on its way to one subscriber session, as the adapter must send it.
 *
 * @param id              session-scoped delivery id (the MQTT packet identifier) for QoS 1/2, 0 for QoS 0
 * @param message         the shared message
 * @param qos             the QoS to deliver at: min(publish QoS, highest granted QoS of the matching subscriptions)
 * @param retain          the retain flag to put on the wire
 * @param duplicate       true when this is a redelivery of an unacknowledged message
 * @param subscriptionIds identifiers of every matching subscription of this session, ascending; empty when none.
 *                        Shared, do not modify.
 */
public record Delivery(int id, Message message, Qos qos, boolean retain, boolean duplicate, int[] subscriptionIds) {
    public static final int[] NO_SUBSCRIPTION_IDS = new int[0];

    public Delivery asDuplicate() {
        return duplicate ? this : new Delivery(id, message, qos, retain, true, subscriptionIds);
    }
}
