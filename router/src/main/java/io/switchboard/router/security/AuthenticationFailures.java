package io.switchboard.router.security;

import io.switchboard.router.api.Protocol;

/**
 * Where failed logins are reported (the broker counts them as {@code switchboard_auth_failures_total}). Adapters
 * never call it for the authenticator's answers: {@link #reporting} wraps the authenticator they are given, so
 * every refusal it returns is counted once, whatever the protocol. Thread-safe and cheap.
 */
@FunctionalInterface
public interface AuthenticationFailures {
    AuthenticationFailures NONE = (protocol, reason) -> { };

    /**
     * @param reason the stable snake_case reason of the refusal ({@link AuthenticationResult#reason()}, e.g.
     *               {@code wrong_password}, {@code unknown_user}, {@code anonymous_not_allowed},
     *               {@code too_many_failures}, {@code flapping})
     */
    void failed(Protocol protocol, String reason);

    /**
     * The authenticator that asks {@code inner} and reports its refusals under {@code protocol};
     * {@link Authenticator#ANONYMOUS} stays itself (it never refuses, and adapters recognise it).
     */
    static Authenticator reporting(Authenticator inner, Protocol protocol, AuthenticationFailures failures) {
        if (inner == Authenticator.ANONYMOUS) {
            return inner;
        }
        return credentials -> {
            AuthenticationResult result = inner.authenticate(credentials);
            if (result != null && !result.succeeded()) {
                failures.failed(protocol, result.reason() == null ? "unspecified" : result.reason());
            }
            return result;
        };
    }
}
