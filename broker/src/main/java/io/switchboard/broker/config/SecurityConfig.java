package io.switchboard.broker.config;

/**
 * Section {@code security}: authentication, authorization, TLS and limits.
 *
 * @param allowAnonymous           admit clients without a user name; null (the default) means true when no
 *                                 authentication is configured and false once a password file or certificate
 *                                 authentication is
 * @param passwordFile             users and password hashes ({@code switchboard passwd FILE USER}); null: none
 * @param aclFile                  access rules; null: every client may publish and subscribe to everything
 * @param maxAuthFailuresPerMinute failed logins allowed per source address and minute before its logins are
 *                                 refused without a check; 0: no limit
 * @param tls                      TLS listeners and client certificates
 * @param limits                   rate limits, connection limits and the memory budget
 */
public record SecurityConfig(
        Boolean allowAnonymous,
        String passwordFile,
        String aclFile,
        int maxAuthFailuresPerMinute,
        TlsConfig tls,
        LimitsConfig limits) {

    public static final SecurityConfig DEFAULTS = new SecurityConfig(null, null, null, 10, TlsConfig.DEFAULTS,
            LimitsConfig.DEFAULTS);

    public SecurityConfig {
        passwordFile = blankToNull(passwordFile);
        aclFile = blankToNull(aclFile);
        InvalidValueException.range("max_auth_failures_per_minute", maxAuthFailuresPerMinute, 0, 1_000_000);
        InvalidValueException.required("tls", tls);
        InvalidValueException.required("limits", limits);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** True when clients can prove who they are: a password file, or client certificates mapped to users. */
    public boolean authenticationConfigured() {
        return passwordFile != null || tls.authenticatesClients();
    }

    /** Whether clients without credentials are admitted. */
    public boolean anonymousAllowed() {
        return allowAnonymous != null ? allowAnonymous : !authenticationConfigured();
    }
}
