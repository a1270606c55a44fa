package io.switchboard.amqp;

import io.switchboard.router.limit.ConnectionGate;
import io.switchboard.router.security.Authenticator;
import io.switchboard.router.security.Authorizer;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The security hooks of the AMQP listeners, wired by the broker; the same authenticator, authorizer and limits
 * as MQTT's.
 *
 * @param authenticator    checks SASL PLAIN (and ANONYMOUS, EXTERNAL) credentials; unless it is
 *                         {@link Authenticator#ANONYMOUS} it runs on {@code authExecutor}, never on a network thread
 * @param authorizer       decides who may attach to which topic or queue, and publish what
 * @param authExecutor     where authentication runs; a full executor answers SASL with sys-temp
 * @param offerAnonymous   offer SASL ANONYMOUS (only when anonymous access is allowed)
 * @param tls              the AMQPS listener, or null for none
 * @param limits           the limits in force (read for every check, so a reload applies at once)
 * @param connections      open connections and connection rates, shared with the other protocols' listeners
 */
public record AmqpSecurity(Authenticator authenticator, Authorizer authorizer, Executor authExecutor,
                           boolean offerAnonymous, AmqpTls tls, Supplier<AmqpLimits> limits,
                           ConnectionGate connections) {

    /** No authentication (every client anonymous), no ACL, no TLS, no limits. */
    public static AmqpSecurity none() {
        return new AmqpSecurity(Authenticator.ANONYMOUS, Authorizer.ALLOW_ALL, Runnable::run, true, null,
                () -> AmqpLimits.NONE, new ConnectionGate());
    }

    public AmqpSecurity {
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(authorizer, "authorizer");
        Objects.requireNonNull(authExecutor, "authExecutor");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(connections, "connections");
    }
}
