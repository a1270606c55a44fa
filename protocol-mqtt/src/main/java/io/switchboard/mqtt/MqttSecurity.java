package io.switchboard.mqtt;

import io.switchboard.router.limit.ConnectionGate;
import io.switchboard.router.security.Authenticator;
import io.switchboard.router.security.Authorizer;
import io.switchboard.router.security.EnhancedAuthenticator;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The security hooks of the MQTT listeners, wired by the broker.
 *
 * @param authenticator decides who connects; unless it is {@link Authenticator#ANONYMOUS} it runs on
 *                      {@code authExecutor}, never on a network thread (password hashes are slow on purpose)
 * @param enhanced      the MQTT 5 enhanced authentication methods offered (CONNECT's Authentication Method);
 *                      its exchanges' steps run on {@code authExecutor} too
 * @param authorizer    decides who may publish and subscribe to what
 * @param authExecutor  where authentication runs; a full executor refuses the CONNECT with "server unavailable"
 * @param tls           the TLS listeners, or null for none
 * @param limits        the limits in force (read for every check, so a reload applies at once)
 * @param connections   open connections and connection rates, shared with the other protocols' listeners
 */
public record MqttSecurity(Authenticator authenticator, EnhancedAuthenticator enhanced, Authorizer authorizer,
                           Executor authExecutor, MqttTls tls, Supplier<MqttLimits> limits,
                           ConnectionGate connections) {
    /** No authentication, no ACL, no TLS, no limits. */
    public static final MqttSecurity NONE = new MqttSecurity(Authenticator.ANONYMOUS, EnhancedAuthenticator.NONE,
            Authorizer.ALLOW_ALL, Runnable::run, null, () -> MqttLimits.NONE, new ConnectionGate());

    public MqttSecurity {
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(enhanced, "enhanced");
        Objects.requireNonNull(authorizer, "authorizer");
        Objects.requireNonNull(authExecutor, "authExecutor");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(connections, "connections");
    }
}
