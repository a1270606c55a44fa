package io.switchboard.router.spi;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.Qos;

/**
 * One message held for a session: queued (deliveryId 0) or in flight.
 *
 * @param sequence        the session-local order of the entry
 * @param message         the message
 * @param qos             the QoS it is delivered at
 * @param retain          the retain flag for the wire
 * @param subscriptionIds matching subscription identifiers
 * @param shareGroup      share group it came through, or null
 * @param shareFilter     raw filter of that share subscription, or null
 * @param deliveryId      packet id once sent, 0 while queued
 * @param released        true for an outbound QoS 2 message whose PUBREC arrived (awaiting PUBCOMP)
 */
public record StoredDelivery(
        long sequence,
        Message message,
        Qos qos,
        boolean retain,
        int[] subscriptionIds,
        String shareGroup,
        String shareFilter,
        int deliveryId,
        boolean released) {
}
