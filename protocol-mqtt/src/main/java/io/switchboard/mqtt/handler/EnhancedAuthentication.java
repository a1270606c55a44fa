package io.switchboard.mqtt.handler;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.switchboard.mqtt.MqttSecurity;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.security.AuthExchange;
import io.switchboard.router.security.AuthStep;
import io.switchboard.router.security.Credentials;
import io.switchboard.router.security.Principal;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT 5 enhanced authentication (section 4.12): drives an {@link AuthExchange} of the router's
 * {@link io.switchboard.router.security.EnhancedAuthenticator} with the Authentication Data of CONNECT and AUTH
 * packets. Every step runs on the authentication executor, never on the event loop, and its answer comes back
 * to the connection's event loop: AUTH 0x18 (continue) with the server's challenge, CONNACK 0x00 with the last
 * server message, or a refusal (CONNACK 0x86 bad credentials, 0x87 not authorized, 0x8A banned). After CONNACK
 * a client may re-authenticate (AUTH 0x19, same method): success is AUTH 0x00, failure DISCONNECT 0x87.
 */
final class EnhancedAuthentication {
    private static final Logger LOG = LoggerFactory.getLogger(EnhancedAuthentication.class);
    static final int SUCCESS = 0x00;
    static final int CONTINUE = 0x18;
    static final int REAUTHENTICATE = 0x19;

    /** One exchange in progress on a connection. */
    static final class Exchange {
        final String method;
        final AuthExchange steps;
        /** Where a first authentication continues on success; null for a re-authentication. */
        final Consumer<Principal> admitted;
        /** A step is running: the client must wait for the server's answer before it sends the next AUTH. */
        boolean running;

        Exchange(String method, AuthExchange steps, Consumer<Principal> admitted) {
            this.method = method;
            this.steps = steps;
            this.admitted = admitted;
        }

        boolean reauthentication() {
            return admitted == null;
        }
    }

    private final MqttSecurity security;
    private final long timeoutMillis;

    /** @param timeoutMillis time a client has to complete its authentication after CONNECT (0: no limit) */
    EnhancedAuthentication(MqttSecurity security, long timeoutMillis) {
        this.security = security;
        this.timeoutMillis = timeoutMillis;
    }

    /** The exchange for the method CONNECT names; an unknown method is refused with CONNACK 0x8C [MQTT-4.12.0-1]. */
    AuthExchange start(String method, Credentials client) {
        AuthExchange exchange = security.enhanced().start(Protocol.MQTT, method, client);
        if (exchange == null) {
            throw ProtocolViolation.refuseConnect(ProtocolViolation.CLOSE_ONLY,
                    ProtocolViolation.BAD_AUTHENTICATION_METHOD, "unsupported authentication method "
                            + printable(method) + " [MQTT-4.12.0-1]");
        }
        return exchange;
    }

    /** Starts authenticating a CONNECT with its Authentication Data; {@code admitted} runs on success. */
    void begin(Connection c, String method, AuthExchange steps, byte[] data, Consumer<Principal> admitted) {
        c.state = Connection.State.AUTHENTICATING;
        c.authMethod = method;
        Exchange exchange = new Exchange(method, steps, admitted);
        c.auth = exchange;
        if (timeoutMillis > 0) {
            c.ctx.executor().schedule(() -> {
                if (c.auth == exchange && c.state == Connection.State.AUTHENTICATING) {
                    LOG.info("client.auth_timeout {} method={} after_ms={}", c.describe(), method, timeoutMillis);
                    c.close(null, "auth_timeout");
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        }
        run(c, exchange, data);
    }

    /** A client's AUTH 0x19 after CONNACK: a new exchange of the method negotiated at CONNECT. */
    void reauthenticate(Connection c, byte[] data) {
        AuthExchange steps = security.enhanced().start(Protocol.MQTT, c.authMethod, new Credentials(null, null,
                c.clientId, c.remoteHost(), null, null, Protocol.MQTT));
        if (steps == null) {
            throw ProtocolViolation.disconnect(ProtocolViolation.BAD_AUTHENTICATION_METHOD,
                    "authentication method no longer offered");
        }
        Exchange exchange = new Exchange(c.authMethod, steps, null);
        c.auth = exchange;
        run(c, exchange, data);
    }

    /** The client's next message of the exchange in progress (AUTH 0x18). */
    void next(Connection c, byte[] data) {
        run(c, c.auth, data);
    }

    private void run(Connection c, Exchange exchange, byte[] data) {
        exchange.running = true;
        try {
            security.authExecutor().execute(() -> {
                AuthStep step = step(c, exchange, data);
                c.ctx.executor().execute(() -> answer(c, exchange, step));
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("auth.busy client={} addr={}", c.clientId, c.remoteHost());
            fail(c, exchange, new AuthStep.Failure(null, "server_busy"));
        }
    }

    private static AuthStep step(Connection c, Exchange exchange, byte[] data) {
        try {
            return exchange.steps.step(data);
        } catch (RuntimeException e) {
            LOG.error("auth.error client={} addr={} method={}", c.clientId, c.remoteHost(), exchange.method, e);
            return new AuthStep.Failure(null, "auth_error");
        }
    }

    /** On the event loop. */
    private void answer(Connection c, Exchange exchange, AuthStep step) {
        if (c.state == Connection.State.CLOSED || c.auth != exchange) {
            return;
        }
        exchange.running = false;
        try {
            if (step instanceof AuthStep.Continue next) {
                c.write(Packets.auth(CONTINUE, exchange.method, next.data()));
            } else if (step instanceof AuthStep.Success success) {
                succeeded(c, exchange, success);
            } else {
                fail(c, exchange, (AuthStep.Failure) step);
            }
        } catch (RuntimeException e) {
            c.ctx.fireExceptionCaught(e);
        }
    }

    private static void succeeded(Connection c, Exchange exchange, AuthStep.Success success) {
        c.auth = null;
        if (exchange.reauthentication()) {
            if (!success.principal().name().equals(c.principal.name())) {
                LOG.warn("auth.failed protocol=mqtt method={} {} reason=reauthenticated_as_other_user",
                        exchange.method, c.describe());
                c.close(Packets.disconnect(ConnectAuthentication.V5_NOT_AUTHORIZED), "reauthentication_failed");
                return;
            }
            c.write(Packets.auth(SUCCESS, exchange.method, success.data()));
            LOG.info("client.reauthenticated {} user={}", c.describe(), c.principal.name());
            return;
        }
        c.authResponse = success.data();
        c.state = Connection.State.CONNECTING;
        c.ctx.channel().config().setAutoRead(false);
        exchange.admitted.accept(success.principal());
    }

    private static void fail(Connection c, Exchange exchange, AuthStep.Failure failure) {
        c.auth = null;
        if (exchange.reauthentication()) {
            c.close(Packets.disconnect(ConnectAuthentication.V5_NOT_AUTHORIZED), "reauthentication_failed");
            return;
        }
        if (failure.kind() == null) {
            boolean busy = "server_busy".equals(failure.reason());
            ConnectAuthentication.refuse(c, ConnectAuthentication.V3_SERVER_UNAVAILABLE,
                    busy ? ConnectAuthentication.V5_SERVER_BUSY : ProtocolViolation.IMPLEMENTATION_SPECIFIC_ERROR,
                    failure.reason());
            return;
        }
        switch (failure.kind()) {
            case BAD_CREDENTIALS -> ConnectAuthentication.refuse(c, ConnectAuthentication.V3_BAD_CREDENTIALS,
                    ConnectAuthentication.V5_BAD_CREDENTIALS, failure.reason());
            case NOT_AUTHORIZED -> ConnectAuthentication.refuse(c, ConnectAuthentication.V3_NOT_AUTHORIZED,
                    ConnectAuthentication.V5_NOT_AUTHORIZED, failure.reason());
            case BANNED -> ConnectAuthentication.refuse(c, ConnectAuthentication.V3_NOT_AUTHORIZED,
                    ConnectAuthentication.V5_BANNED, failure.reason());
        }
    }

    /** The Authentication Method of a CONNECT or AUTH, or null. */
    static String method(MqttProperties properties) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(MqttProperties.AUTHENTICATION_METHOD);
        return property == null ? null : (String) property.value();
    }

    /** The Authentication Data of a CONNECT or AUTH, empty when absent. */
    static byte[] data(MqttProperties properties) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(MqttProperties.AUTHENTICATION_DATA);
        return property == null ? new byte[0] : ((byte[]) property.value()).clone();
    }

    private static String printable(String text) {
        return text.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f) && text.length() <= 64 ? text : "(unprintable)";
    }
}
