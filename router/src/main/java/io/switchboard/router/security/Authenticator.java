package io.switchboard.router.security;

/**
 * Decides who a connecting client is. Implementations may be slow on purpose (salted slow password hashes):
 * adapters call them off their network threads. Must be thread-safe.
 */
@FunctionalInterface
public interface Authenticator {
    /** Admits every client as anonymous (no authentication configured); a user name sent is not trusted. */
    Authenticator ANONYMOUS = credentials -> AuthenticationResult.success(Principal.ANONYMOUS);

    AuthenticationResult authenticate(Credentials credentials);
}
