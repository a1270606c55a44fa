package io.switchboard.router.api;

/**
 * Traffic events an adapter reports for metrics. Called on event loops for every connection and message:
 * implementations must be thread-safe and cheap (no allocation, no lookup by name per call). The broker
 * module implements it; adapters only see this interface.
 */
public interface TrafficMetrics {
    /** A connection was accepted on the named listener (e.g. "mqtt", "mqtt-ws"). */
    void connectionOpened(Protocol protocol, String listener);

    /** A connection opened with {@link #connectionOpened} ended. */
    void connectionClosed(Protocol protocol, String listener);

    /** A connection attempt was refused; {@code reason} is a stable snake_case name (e.g. "not_authorized"). */
    void connectionRefused(Protocol protocol, String listener, String reason);

    /** A client published a message with this payload size. */
    void messageReceived(Protocol protocol, Qos qos, int payloadBytes);

    /** A message was written to a client. */
    void messageSent(Protocol protocol, Qos qos, int payloadBytes);

    /** The adapter dropped a delivery (e.g. "packet_too_large"); router drops are counted by the router. */
    void deliveryDropped(Protocol protocol, String reason);

    /** Counts nothing: for adapters run without a broker (tests, tools). */
    TrafficMetrics NONE = new TrafficMetrics() {
        @Override
        public void connectionOpened(Protocol protocol, String listener) {
        }

        @Override
        public void connectionClosed(Protocol protocol, String listener) {
        }

        @Override
        public void connectionRefused(Protocol protocol, String listener, String reason) {
        }

        @Override
        public void messageReceived(Protocol protocol, Qos qos, int payloadBytes) {
        }

        @Override
        public void messageSent(Protocol protocol, Qos qos, int payloadBytes) {
        }

        @Override
        public void deliveryDropped(Protocol protocol, String reason) {
        }
    };
}
