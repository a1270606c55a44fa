package io.switchboard.router.security;

/**
 * One client's run of an authentication method: the client's messages go in, one at a time, and each gets an
 * {@link AuthStep}. Implementations may be slow (credential look-ups, key derivation): adapters call
 * {@link #step} off their network threads, never twice at once for one exchange. After a success or a failure
 * the exchange is over.
 */
@FunctionalInterface
public interface AuthExchange {
    /** @param data the client's authentication data (empty when it sent none); never kept by the caller */
    AuthStep step(byte[] data);
}
