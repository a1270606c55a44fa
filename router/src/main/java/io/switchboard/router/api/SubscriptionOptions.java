package io.switchboard.router.api;

import java.util.Objects;

/**
 * Options of one subscription, protocol-neutral. MQTT 3.1.1 subscriptions use {@link #of(Qos)}.
 *
 * @param maxQos            the maximum QoS granted to deliveries on this subscription
 * @param noLocal           do not deliver messages published by the same session
 * @param retainAsPublished keep the retain flag of forwarded messages (otherwise cleared)
 * @param retainHandling    when retained messages are sent on subscribe
 * @param subscriptionId    MQTT 5 subscription identifier, 0 when absent
 */
public record SubscriptionOptions(
        Qos maxQos,
        boolean noLocal,
        boolean retainAsPublished,
        RetainHandling retainHandling,
        int subscriptionId) {

    public SubscriptionOptions {
        Objects.requireNonNull(maxQos, "maxQos");
        Objects.requireNonNull(retainHandling, "retainHandling");
        if (subscriptionId < 0 || subscriptionId > 268_435_455) {
            throw new IllegalArgumentException("subscription identifier " + subscriptionId);
        }
    }

    public static SubscriptionOptions of(Qos maxQos) {
        return new SubscriptionOptions(maxQos, false, false, RetainHandling.SEND_ON_SUBSCRIBE, 0);
    }
}
