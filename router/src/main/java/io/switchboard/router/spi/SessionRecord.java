package io.switchboard.router.spi;

import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.api.Will;
import java.util.Map;

/**
 * The durable state of one persistent session, apart from its messages.
 *
 * @param clientId             the session's client id
 * @param sessionExpirySeconds expiry interval after disconnect
 * @param disconnectedAtMillis when the client disconnected, or 0 while connected
 * @param subscriptions        raw topic filter to options, in subscription order
 * @param pendingWill          a delayed will not yet published, or null
 */
public record SessionRecord(
        String clientId,
        long sessionExpirySeconds,
        long disconnectedAtMillis,
        Map<String, SubscriptionOptions> subscriptions,
        Will pendingWill) {
}
