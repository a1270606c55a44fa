package io.switchboard.broker.security;

import io.switchboard.broker.config.TlsConfig.CertificateIdentity;
import io.switchboard.router.security.AuthenticationResult;
import io.switchboard.router.security.AuthenticationResult.Failure;
import io.switchboard.router.security.Authenticator;
import io.switchboard.router.security.Credentials;
import io.switchboard.router.security.Principal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication by the password file, a verified client certificate, or as anonymous where allowed. Every
 * failure is logged as {@code auth.failed protocol=.. user=.. addr=.. reason=..} (never with the password) and counted
 * against the source address; an address over its failure budget is refused without a password check.
 * The rules are immutable; {@link SecurityRules} swaps whole instances on reload.
 */
public final class PasswordAuthenticator implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordAuthenticator.class);
    /** Checked against when the user is unknown, so that unknown and known users take the same time. */
    private static final PasswordHash DECOY = PasswordHash.create("decoy".toCharArray(), PasswordHash.DEFAULT_ITERATIONS);

    private final PasswordFile users;
    private final boolean allowAnonymous;
    private final CertificateIdentity certificateIdentity;
    private final FailedLoginLimiter failures;

    /**
     * @param users               the password file, or null when none is configured
     * @param allowAnonymous      admit clients that send no user name (as anonymous)
     * @param certificateIdentity how a verified client certificate maps to a user name
     * @param failures            failed-login budget per source address (shared across reloads)
     */
    PasswordAuthenticator(PasswordFile users, boolean allowAnonymous, CertificateIdentity certificateIdentity,
                          FailedLoginLimiter failures) {
        this.users = users;
        this.allowAnonymous = allowAnonymous;
        this.certificateIdentity = certificateIdentity;
        this.failures = failures;
    }

    /** Users in the password file (0 without one). */
    int users() {
        return users == null ? 0 : users.size();
    }

    @Override
    public AuthenticationResult authenticate(Credentials credentials) {
        String address = credentials.sourceAddress();
        if (failures.blocked(address)) {
            return refuse(credentials, Failure.BANNED, "too_many_failures", false);
        }
        if (certificateIdentity != CertificateIdentity.NONE && credentials.hasCertificate()) {
            String name = certificateName(credentials);
            if (name != null) {
                return AuthenticationResult.success(Principal.user(name));
            }
        }
        String user = credentials.username();
        if (user == null) {
            return allowAnonymous ? AuthenticationResult.success(Principal.ANONYMOUS)
                    : refuse(credentials, Failure.NOT_AUTHORIZED, "anonymous_not_allowed", true);
        }
        if (users == null) {
            return allowAnonymous ? AuthenticationResult.success(Principal.ANONYMOUS)
                    : refuse(credentials, Failure.BAD_CREDENTIALS, "no_password_file", true);
        }
        PasswordHash hash = users.hashOf(user);
        byte[] password = credentials.password() == null ? new byte[0] : credentials.password();
        boolean matches = (hash == null ? DECOY : hash).matches(password);
        if (hash == null) {
            return refuse(credentials, Failure.BAD_CREDENTIALS, "unknown_user", true);
        }
        if (credentials.password() == null) {
            return refuse(credentials, Failure.BAD_CREDENTIALS, "no_password", true);
        }
        return matches ? AuthenticationResult.success(Principal.user(user))
                : refuse(credentials, Failure.BAD_CREDENTIALS, "wrong_password", true);
    }

    private String certificateName(Credentials credentials) {
        if (certificateIdentity == CertificateIdentity.SAN && !credentials.certificateNames().isEmpty()) {
            return credentials.certificateNames().get(0);
        }
        return credentials.certificateSubject();
    }

    private AuthenticationResult refuse(Credentials credentials, Failure failure, String reason, boolean count) {
        if (count) {
            failures.failed(credentials.sourceAddress());
        }
        LOG.warn("auth.failed protocol={} user={} client={} addr={} reason={}",
                credentials.protocol().name().toLowerCase(Locale.ROOT), printable(credentials.username()),
                printable(credentials.clientId()), credentials.sourceAddress(), reason);
        return AuthenticationResult.failure(failure, reason);
    }

    /** User input in a log line: quoted when it holds spaces or control characters, bounded in length. */
    static String printable(String value) {
        if (value == null) {
            return "-";
        }
        String bounded = value.length() > 128 ? value.substring(0, 128) + "..." : value;
        boolean plain = bounded.chars().allMatch(ch -> ch > 0x20 && ch != '"' && ch < 0x7f);
        if (plain && !bounded.isEmpty()) {
            return bounded;
        }
        StringBuilder out = new StringBuilder("\"");
        for (byte b : bounded.getBytes(StandardCharsets.UTF_8)) {
            int ch = b & 0xff;
            out.append(ch >= 0x20 && ch < 0x7f && ch != '"' ? String.valueOf((char) ch) : String.format("\\x%02x", ch));
        }
        return out.append('"').toString();
    }
}
