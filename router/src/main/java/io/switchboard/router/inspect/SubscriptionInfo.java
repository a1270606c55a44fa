package io.switchboard.router.inspect;

import io.switchboard.router.api.SubscriptionOptions;

/**
 * One subscription of one session.
 *
 * @param clientId the subscribing session
 * @param filter   the topic filter as subscribed (with its {@code $share/group/} prefix, if any)
 * @param options  granted QoS and MQTT 5 options
 */
public record SubscriptionInfo(String clientId, String filter, SubscriptionOptions options) {
}
