package io.switchboard.broker.security;

import io.switchboard.broker.config.SecurityConfig;
import io.switchboard.broker.config.TlsConfig.CertificateIdentity;
import io.switchboard.router.security.AuthenticationResult;
import io.switchboard.router.security.Action;
import io.switchboard.router.security.Authenticator;
import io.switchboard.router.security.Authorizer;
import io.switchboard.router.security.Credentials;
import io.switchboard.router.security.EnhancedAuthenticator;
import io.switchboard.router.security.Principal;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's current authentication and authorization rules, read from the configured password and ACL files
 * and swapped as a whole by {@link #prepareReload()}: a file that cannot be read or parsed is rejected with its file
 * and line, and the rules in force stay. Connected clients keep their connections; new checks use the new
 * rules (an ACL change applies at once to publishes, subscriptions and deliveries of connected clients).
 */
public final class SecurityRules {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityRules.class);

    private final SecurityConfig config;
    private final CertificateIdentity certificateIdentity;
    private final FailedLoginLimiter failures;
    private volatile PasswordFile users;
    private volatile PasswordAuthenticator authenticator;
    private volatile Authorizer authorizer;

    private SecurityRules(SecurityConfig config) {
        this.config = config;
        this.certificateIdentity = config.tls().enabled() ? config.tls().certificateIdentity()
                : CertificateIdentity.NONE;
        this.failures = new FailedLoginLimiter(config.maxAuthFailuresPerMinute(), System::nanoTime);
    }

    /** Reads the configured files; throws with file and line when one is unusable. */
    public static SecurityRules load(SecurityConfig config) {
        SecurityRules rules = new SecurityRules(config);
        rules.users = rules.readUsers();
        rules.authenticator = rules.authenticator(rules.users);
        rules.authorizer = rules.readAuthorizer();
        return rules;
    }

    private PasswordFile readUsers() {
        if (config.passwordFile() == null) {
            return null;
        }
        Path file = Path.of(config.passwordFile());
        try {
            return PasswordFile.read(file);
        } catch (IOException e) {
            throw new InvalidRulesException(file, 0, "cannot read the password file: " + e);
        }
    }

    private PasswordAuthenticator authenticator(PasswordFile users) {
        return new PasswordAuthenticator(users, config.anonymousAllowed(), certificateIdentity, failures);
    }

    private Authorizer readAuthorizer() {
        if (config.aclFile() == null) {
            return Authorizer.ALLOW_ALL;
        }
        Path file = Path.of(config.aclFile());
        try {
            return AclAuthorizer.read(file);
        } catch (IOException e) {
            throw new InvalidRulesException(file, 0, "cannot read the ACL file: " + e);
        }
    }

    /**
     * Reads the password and ACL files (throwing {@link InvalidRulesException} naming file and line) and returns
     * the step that puts both in force, so that a bad file leaves every rule as it was and a caller reloading
     * several things can read them all first.
     */
    Runnable prepareReload() {
        PasswordFile newUsers = readUsers();
        PasswordAuthenticator newAuthenticator = authenticator(newUsers);
        Authorizer newAuthorizer = readAuthorizer();
        return () -> {
            users = newUsers;
            authenticator = newAuthenticator;
            authorizer = newAuthorizer;
            LOG.info("security.reloaded {}", describe());
        };
    }

    /** Users in the password file in force (0 without one). */
    int users() {
        return authenticator.users();
    }

    /** ACL rules in force, or -1 without an ACL file (everything allowed). */
    int aclRules() {
        return authorizer instanceof AclAuthorizer acl ? acl.size() : -1;
    }

    /** What is in force, for logs: {@code password_file=.. acl_file=.. allow_anonymous=..}. */
    public String describe() {
        return "password_file=" + (config.passwordFile() == null ? "none" : config.passwordFile())
                + " acl_file=" + (config.aclFile() == null ? "none" : config.aclFile())
                + " allow_anonymous=" + config.anonymousAllowed();
    }

    /**
     * The authenticator adapters use: {@link Authenticator#ANONYMOUS} when nothing needs checking (admitting
     * everyone without work on any thread), else one that always asks the current rules.
     */
    public Authenticator authenticator() {
        if (config.passwordFile() == null && certificateIdentity == CertificateIdentity.NONE
                && config.anonymousAllowed()) {
            return Authenticator.ANONYMOUS;
        }
        return this::authenticate;
    }

    /**
     * The challenge-response methods adapters offer: SCRAM-SHA-256 over the current password file when one is
     * configured, else none.
     */
    public EnhancedAuthenticator enhancedAuthenticator() {
        return config.passwordFile() == null ? EnhancedAuthenticator.NONE
                : new ScramAuthenticator(() -> users, failures);
    }

    /** The authorizer adapters use: {@link Authorizer#ALLOW_ALL} without an ACL, else the current rules. */
    public Authorizer authorizer() {
        return config.aclFile() == null ? Authorizer.ALLOW_ALL : this::isAllowed;
    }

    private AuthenticationResult authenticate(Credentials credentials) {
        return authenticator.authenticate(credentials);
    }

    private boolean isAllowed(Principal principal, String clientId, Action action, String topic) {
        return authorizer.isAllowed(principal, clientId, action, topic);
    }
}
