package io.switchboard.router.security;

import io.switchboard.router.api.Protocol;

/**
 * Challenge-response authentication by named method (MQTT 5 enhanced authentication: the CONNECT's
 * Authentication Method, then AUTH packets; SASL mechanisms for AMQP could use the same). The adapter owns the
 * wire; an {@link AuthExchange} owns the mechanism's state. Must be thread-safe.
 */
@FunctionalInterface
public interface EnhancedAuthenticator {
    /** Supports no method: every Authentication Method is refused as unknown. */
    EnhancedAuthenticator NONE = (protocol, method, client) -> null;

    /**
     * Starts an exchange for one client. Cheap (no I/O, no hashing): adapters call it on their network threads.
     *
     * @param protocol the client's protocol, for logs
     * @param method   the method the client named (e.g. {@code SCRAM-SHA-256}), case-sensitive
     * @param client   who is connecting (client id and source address; user name and password usually null)
     * @return the exchange, or null when the method is not supported
     */
    AuthExchange start(Protocol protocol, String method, Credentials client);
}
