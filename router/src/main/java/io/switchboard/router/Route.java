package io.switchboard.router;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.Qos;
import io.switchboard.router.topic.Subscriber;

/**
 * Where a matching subscription sends a message: a local session today; a remote node's link when the
 * cluster arrives. Implementations hand the work to the thread that owns the destination; {@code offer} never
 * blocks and may be called from any thread.
 */
public interface Route extends Subscriber {
    /**
     * @param message         the shared message
     * @param qos             the QoS to deliver at
     * @param retain          the retain flag for the wire
     * @param subscriptionIds every matching subscription identifier of this destination (shared, do not modify)
     * @param shareGroup      the share group the message was given through, or null
     * @param shareFilter     the raw filter of that share subscription, or null
     * @param acceptance      told once the destination has taken the message in or dropped it (after issuing its
     *                        store writes), or null when nobody waits
     */
    void offer(Message message, Qos qos, boolean retain, int[] subscriptionIds, String shareGroup, String shareFilter,
               Acceptance acceptance);
}
