package io.switchboard.mqtt.handler;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.switchboard.mqtt.MqttSecurity;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.security.AuthenticationResult;
import io.switchboard.router.security.Authenticator;
import io.switchboard.router.security.Authorizer;
import io.switchboard.router.security.Credentials;
import io.switchboard.router.security.Principal;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the authenticator for a CONNECT off the event loop and comes back to it with the principal, or refuses
 * the CONNECT with the version's code: bad user name or password (3.1.1 0x04, 5.0 0x86), not authorized
 * (0x05, 0x87), banned (0x05, 0x8A), server unavailable when the authentication threads are saturated
 * (0x03, 0x89 server busy).
 */
final class ConnectAuthentication {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectAuthentication.class);
    static final int V3_SERVER_UNAVAILABLE = 0x03;
    static final int V3_BAD_CREDENTIALS = 0x04;
    static final int V3_NOT_AUTHORIZED = 0x05;
    static final int V5_BAD_CREDENTIALS = 0x86;
    static final int V5_NOT_AUTHORIZED = 0x87;
    static final int V5_SERVER_BUSY = 0x89;
    static final int V5_BANNED = 0x8A;

    private final MqttSecurity security;

    ConnectAuthentication(MqttSecurity security) {
        this.security = security;
    }

    Authorizer authorizer() {
        return security.authorizer();
    }

    /** Calls {@code admitted} on the connection's event loop once the client is authenticated. */
    void authenticate(Connection c, Credentials credentials, Consumer<Principal> admitted) {
        Authenticator authenticator = security.authenticator();
        if (authenticator == Authenticator.ANONYMOUS) {
            admitted.accept(Principal.ANONYMOUS);
            return;
        }
        try {
            security.authExecutor().execute(() -> {
                AuthenticationResult result = check(authenticator, credentials);
                c.ctx.executor().execute(() -> answer(c, result, admitted));
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("auth.busy client={} addr={}", credentials.clientId(), credentials.sourceAddress());
            refuse(c, V3_SERVER_UNAVAILABLE, V5_SERVER_BUSY, "server_busy");
        }
    }

    private static AuthenticationResult check(Authenticator authenticator, Credentials credentials) {
        try {
            return authenticator.authenticate(credentials);
        } catch (RuntimeException e) {
            LOG.error("auth.error client={} addr={}", credentials.clientId(), credentials.sourceAddress(), e);
            return null;
        }
    }

    private static void answer(Connection c, AuthenticationResult result, Consumer<Principal> admitted) {
        if (c.state == Connection.State.CLOSED) {
            return;
        }
        if (result == null) {
            refuse(c, V3_SERVER_UNAVAILABLE, ProtocolViolation.IMPLEMENTATION_SPECIFIC_ERROR, "auth_error");
            return;
        }
        if (!result.succeeded()) {
            switch (result.failure()) {
                case BAD_CREDENTIALS -> refuse(c, V3_BAD_CREDENTIALS, V5_BAD_CREDENTIALS, result.reason());
                case NOT_AUTHORIZED -> refuse(c, V3_NOT_AUTHORIZED, V5_NOT_AUTHORIZED, result.reason());
                case BANNED -> refuse(c, V3_NOT_AUTHORIZED, V5_BANNED, result.reason());
            }
            return;
        }
        try {
            admitted.accept(result.principal());
        } catch (RuntimeException e) {
            c.ctx.fireExceptionCaught(e);
        }
    }

    /** CONNACK with the refusal code, then close; counted as a refused connection with {@code reason}. */
    static void refuse(Connection c, int v3Code, int v5Code, String reason) {
        c.metrics.connectionRefused(Protocol.MQTT, c.listener(), reason == null ? "unspecified" : reason);
        c.close(Packets.connack(c.isV5() ? v5Code : v3Code, false, MqttProperties.NO_PROPERTIES), reason);
    }
}
