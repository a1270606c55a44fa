package io.switchboard.amqp;

/**
 * The hook through which SASL PLAIN credentials are checked. The broker wires it; until the router offers a
 * protocol-neutral authenticator, {@link #ACCEPT_ALL} is used.
 */
@FunctionalInterface
public interface PlainAuthenticator {
    /** Accepts any user name and password. */
    PlainAuthenticator ACCEPT_ALL = (authzid, username, password) -> true;

    /** True when the credentials are valid. Runs on the connection's event loop: must not block. */
    boolean authenticate(String authzid, String username, String password);
}
