package io.switchboard.broker.security;

import io.switchboard.router.api.Protocol;
import io.switchboard.router.security.AuthExchange;
import io.switchboard.router.security.AuthStep;
import io.switchboard.router.security.AuthenticationResult.Failure;
import io.switchboard.router.security.Credentials;
import io.switchboard.router.security.EnhancedAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SCRAM-SHA-256 over the password file in force (re-read on reload): the method MQTT 5 clients name in CONNECT's
 * Authentication Method. A failed exchange is logged as {@code auth.failed protocol=.. method=SCRAM-SHA-256
 * user=.. client=.. addr=.. reason=..} (no secrets) and counted against the source address like a wrong
 * password; an address over its failure budget is refused at the first message.
 */
final class ScramAuthenticator implements EnhancedAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(ScramAuthenticator.class);
    private static final int NONCE_BYTES = 18;
    private static final int DECOY_SALT_BYTES = 16;

    private final Supplier<PasswordFile> users;
    private final FailedLoginLimiter failures;
    private final SecureRandom random = new SecureRandom();
    /** Keys the made-up salts of unknown users: stable for this process, unguessable from outside. */
    private final byte[] decoySecret = new byte[32];

    /** @param users the password file in force, or null when none is configured */
    ScramAuthenticator(Supplier<PasswordFile> users, FailedLoginLimiter failures) {
        this.users = users;
        this.failures = failures;
        random.nextBytes(decoySecret);
    }

    @Override
    public AuthExchange start(Protocol protocol, String method, Credentials client) {
        if (!ScramSha256Exchange.METHOD.equals(method)) {
            return null;
        }
        ScramSha256Exchange exchange = new ScramSha256Exchange(this::entryOf, this::decoy, this::nonce);
        String protocolName = protocol.name().toLowerCase(Locale.ROOT);
        return new AuthExchange() {
            private boolean started;

            @Override
            public AuthStep step(byte[] data) {
                if (!started) {
                    started = true;
                    if (failures.blocked(client.sourceAddress())) {
                        log(protocolName, client, exchange.user(), "too_many_failures", "");
                        return new AuthStep.Failure(Failure.BANNED, "too_many_failures");
                    }
                }
                AuthStep step = exchange.step(data);
                if (step instanceof AuthStep.Failure failure) {
                    failures.failed(client.sourceAddress());
                    String hint = exchange.account() == ScramSha256Exchange.Account.NO_SCRAM_CREDENTIAL
                            ? " hint=\"the password file entry predates SCRAM: run switchboard passwd FILE "
                            + PasswordAuthenticator.printable(exchange.user()) + " again\"" : "";
                    log(protocolName, client, exchange.user(), failure.reason(), hint);
                }
                return step;
            }
        };
    }

    private static void log(String protocol, Credentials client, String user, String reason, String hint) {
        LOG.warn("auth.failed protocol={} method={} user={} client={} addr={} reason={}{}", protocol,
                ScramSha256Exchange.METHOD, PasswordAuthenticator.printable(user),
                PasswordAuthenticator.printable(client.clientId()), client.sourceAddress(), reason, hint);
    }

    private PasswordFile.Entry entryOf(String user) {
        PasswordFile file = users.get();
        return file == null ? null : file.entryOf(user);
    }

    /** The same made-up credential for a user name every time (its salt must not reveal that it is made up). */
    private ScramCredential decoy(String user) {
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        byte[] salt = Arrays.copyOf(ScramCredential.hmac(decoySecret, concat("salt:", name)), DECOY_SALT_BYTES);
        byte[] storedKey = ScramCredential.hmac(decoySecret, concat("stored:", name));
        byte[] serverKey = ScramCredential.hmac(decoySecret, concat("server:", name));
        return new ScramCredential(ScramCredential.DEFAULT_ITERATIONS, salt, storedKey, serverKey);
    }

    private static byte[] concat(String prefix, byte[] name) {
        byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, head.length + name.length);
        System.arraycopy(name, 0, out, head.length, name.length);
        return out;
    }

    private String nonce() {
        byte[] bytes = new byte[NONCE_BYTES];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
