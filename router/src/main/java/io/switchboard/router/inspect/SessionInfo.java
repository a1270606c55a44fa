package io.switchboard.router.inspect;

import io.switchboard.router.api.Protocol;
import java.util.List;

/**
 * A snapshot of one session, taken on the session's own thread.
 *
 * @param clientId             client identifier
 * @param connected            a client is attached now
 * @param protocol             protocol of the last connection
 * @param sessionExpirySeconds how long the session outlives its connection (4294967295: never expires)
 * @param subscriptions        the session's subscriptions, in subscription order
 * @param queuedMessages       messages waiting for delivery (not in flight)
 * @param queuedBytes          estimated bytes of those messages
 * @param inflightMessages     QoS 1/2 deliveries sent and not yet acknowledged
 * @param connectedAtMillis    when the current connection was attached, 0 when offline
 * @param disconnectedAtMillis when the last connection ended, 0 while connected
 * @param droppedMessages      messages this session dropped because its queue was full
 */
public record SessionInfo(
        String clientId,
        boolean connected,
        Protocol protocol,
        long sessionExpirySeconds,
        List<SubscriptionInfo> subscriptions,
        int queuedMessages,
        long queuedBytes,
        int inflightMessages,
        long connectedAtMillis,
        long disconnectedAtMillis,
        long droppedMessages) {

    public SessionInfo {
        subscriptions = List.copyOf(subscriptions);
    }
}
