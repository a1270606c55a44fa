package io.switchboard.router.security;

import java.util.Objects;

/**
 * The answer of an {@link Authenticator}: a principal, or a failure with its kind and a reason for the log.
 *
 * @param principal the authenticated principal, null on failure
 * @param failure   null on success
 * @param reason    a stable snake_case name for the {@code auth.failed} log line and the label of
 *                  {@code switchboard_auth_failures_total} (never contains the password or other client input)
 */
public record AuthenticationResult(Principal principal, Failure failure, String reason) {

    /** Why a client was refused; adapters map it to their protocol's code. */
    public enum Failure {
        /** Unknown user, wrong password, or missing credentials where they are required (MQTT 5 0x86). */
        BAD_CREDENTIALS,
        /** The credentials may be right but this client may not connect (MQTT 5 0x87). */
        NOT_AUTHORIZED,
        /** The client or its address is temporarily banned (flapping, too many failed logins; MQTT 5 0x8A). */
        BANNED
    }

    public AuthenticationResult {
        if ((principal == null) == (failure == null)) {
            throw new IllegalArgumentException("exactly one of principal and failure");
        }
    }

    public static AuthenticationResult success(Principal principal) {
        return new AuthenticationResult(Objects.requireNonNull(principal, "principal"), null, null);
    }

    public static AuthenticationResult failure(Failure failure, String reason) {
        return new AuthenticationResult(null, Objects.requireNonNull(failure, "failure"), reason);
    }

    public boolean succeeded() {
        return principal != null;
    }
}
