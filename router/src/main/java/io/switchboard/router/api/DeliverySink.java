package io.switchboard.router.api;

/**
 * What the router calls on a connected client's adapter. Every call happens on the session's executor
 * (for a connected session: its channel's event loop). Adapters coalesce writes: a call writes, the adapter
 * flushes once per event-loop batch.
 */
public interface DeliverySink {
    /** Send one message. */
    void deliver(Delivery delivery);

    /** Re-send the release of an outbound QoS 2 message that awaits completion (MQTT PUBREL) after a reconnect. */
    void resendRelease(int deliveryId);

    /** Close the connection for this reason; the router has already detached the session from this sink. */
    void close(DisconnectReason reason);
}
