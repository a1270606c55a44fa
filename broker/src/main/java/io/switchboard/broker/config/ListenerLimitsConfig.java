package io.switchboard.broker.config;

/**
 * One listener's entry in {@code security.limits.listeners}: overrides of the global connection limits for that
 * listener. A key left out (null) takes the global value; 0 means no limit on this listener.
 *
 * @param connectionsPerSecond new connections per second on this listener (token bucket, burst of one second)
 * @param maxConnections       open connections on this listener (the global max_connections still caps all
 *                             listeners together)
 */
public record ListenerLimitsConfig(Integer connectionsPerSecond, Integer maxConnections) {
    public ListenerLimitsConfig {
        if (connectionsPerSecond != null) {
            InvalidValueException.range("connections_per_second", connectionsPerSecond, 0, 10_000_000);
        }
        if (maxConnections != null) {
            InvalidValueException.range("max_connections", maxConnections, 0, Integer.MAX_VALUE);
        }
    }
}
