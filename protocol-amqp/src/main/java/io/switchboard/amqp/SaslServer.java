package io.switchboard.amqp;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.security.AuthenticationResult;
import io.switchboard.router.security.Authenticator;
import io.switchboard.router.security.Credentials;
import io.switchboard.router.security.PeerCertificate;
import io.switchboard.router.security.Principal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of SASL: PLAIN, ANONYMOUS (offered only when anonymous access is allowed) and, on a TLS
 * connection whose client presented a verified certificate, EXTERNAL. Credentials go to the router's
 * {@link Authenticator} (the one MQTT uses) on the authentication executor; the outcome is completed back on the
 * connection's event loop, and the connection feeds nothing more to the transport until then.
 */
final class SaslServer implements SaslListener {
    static final String PLAIN = "PLAIN";
    static final String ANONYMOUS = "ANONYMOUS";
    static final String EXTERNAL = "EXTERNAL";
    private static final Logger LOG = LoggerFactory.getLogger(SaslServer.class);

    private enum State { AWAITING_INIT, CHECKING, SUCCEEDED, FAILED }

    private final AmqpSecurity security;
    private final Channel channel;
    private final Runnable decided;
    private State state = State.AWAITING_INIT;
    private Principal principal;

    /** @param decided runs on the event loop once an outcome computed off the loop has been set */
    SaslServer(AmqpSecurity security, Channel channel, Runnable decided) {
        this.security = security;
        this.channel = channel;
        this.decided = decided;
    }

    void install(Transport transport) {
        Sasl sasl = transport.sasl();
        sasl.server();
        sasl.allowSkip(false); // SASL is required: a plain AMQP header gets the SASL header back and a close
        sasl.setMechanisms(mechanisms().toArray(String[]::new));
        sasl.setListener(this);
    }

    private List<String> mechanisms() {
        List<String> mechanisms = new ArrayList<>();
        if (peerCertificate() != null) {
            mechanisms.add(EXTERNAL);
        }
        mechanisms.add(PLAIN);
        if (security.offerAnonymous()) {
            mechanisms.add(ANONYMOUS);
        }
        return mechanisms;
    }

    /** True once authentication failed: the outcome is sent, then the connection closes. */
    boolean failed() {
        return state == State.FAILED;
    }

    /** True while the credentials are being checked: input waits. */
    boolean checking() {
        return state == State.CHECKING;
    }

    /** True before the outcome is known (input must be fed frame by frame). */
    boolean undecided() {
        return state == State.AWAITING_INIT || state == State.CHECKING;
    }

    /** The authenticated principal, null before a successful outcome. */
    Principal principal() {
        return principal;
    }

    /** The user name for logs: the principal's name, or "anonymous". */
    String user() {
        return principal == null ? null : principal.anonymous() ? "anonymous" : principal.name();
    }

    @Override
    public void onSaslInit(Sasl sasl, Transport transport) {
        String[] chosen = sasl.getRemoteMechanisms();
        String mechanism = chosen.length == 0 ? "" : chosen[0];
        byte[] response = new byte[Math.max(0, sasl.pending())];
        sasl.recv(response, 0, response.length);
        if (state != State.AWAITING_INIT) {
            finish(sasl, AuthenticationResult.failure(AuthenticationResult.Failure.BAD_CREDENTIALS, "repeated_init"),
                    null);
            return;
        }
        if (!mechanisms().contains(mechanism)) {
            refuseLocally(sasl, null, "mechanism_not_offered");
            return;
        }
        PeerCertificate certificate = peerCertificate();
        String username = null;
        byte[] password = null;
        if (mechanism.equals(PLAIN)) {
            int first = indexOf(response, 0);
            int second = first < 0 ? -1 : indexOf(response, first + 1);
            if (second < 0) {
                refuseLocally(sasl, null, "malformed_plain");
                return;
            }
            String authzid = new String(response, 0, first, StandardCharsets.UTF_8);
            username = new String(response, first + 1, second - first - 1, StandardCharsets.UTF_8);
            password = Arrays.copyOfRange(response, second + 1, response.length);
            Arrays.fill(response, (byte) 0);
            if (!authzid.isEmpty() && !authzid.equals(username)) {
                refuseLocally(sasl, username, "authzid_not_supported");
                return;
            }
        }
        Credentials credentials = new Credentials(username, password, null, remoteHost(),
                certificate == null ? null : certificate.commonName(),
                certificate == null ? null : certificate.alternativeNames(), Protocol.AMQP);
        check(sasl, credentials);
    }

    private void check(Sasl sasl, Credentials credentials) {
        Authenticator authenticator = security.authenticator();
        if (authenticator == Authenticator.ANONYMOUS) {
            finish(sasl, authenticator.authenticate(credentials), credentials);
            return;
        }
        state = State.CHECKING;
        try {
            security.authExecutor().execute(() -> {
                AuthenticationResult result = authenticate(authenticator, credentials);
                channel.eventLoop().execute(() -> {
                    if (channel.isOpen()) {
                        finish(sasl, result, credentials);
                        decided.run();
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("auth.busy protocol=amqp addr={}", credentials.sourceAddress());
            state = State.FAILED;
            sasl.done(Sasl.SaslOutcome.PN_SASL_TEMP);
        }
    }

    private static AuthenticationResult authenticate(Authenticator authenticator, Credentials credentials) {
        try {
            return authenticator.authenticate(credentials);
        } catch (RuntimeException e) {
            LOG.error("auth.error protocol=amqp addr={}", credentials.sourceAddress(), e);
            return null;
        }
    }

    /** Sets the outcome: ok, auth (bad credentials, not allowed), sys-temp (banned), sys (an error). */
    private void finish(Sasl sasl, AuthenticationResult result, Credentials credentials) {
        if (result != null && result.succeeded()) {
            state = State.SUCCEEDED;
            principal = result.principal();
            sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
            return;
        }
        state = State.FAILED;
        if (result == null) {
            sasl.done(Sasl.SaslOutcome.PN_SASL_SYS);
            return;
        }
        sasl.done(result.failure() == AuthenticationResult.Failure.BANNED ? Sasl.SaslOutcome.PN_SASL_TEMP
                : Sasl.SaslOutcome.PN_SASL_AUTH);
    }

    /** A refusal decided before any authenticator is asked (the authenticator logs its own refusals). */
    private void refuseLocally(Sasl sasl, String username, String reason) {
        LOG.warn("auth.failed protocol=amqp user={} client=- addr={} reason={}", username == null ? "-" : username,
                remoteHost(), reason);
        state = State.FAILED;
        sasl.done(Sasl.SaslOutcome.PN_SASL_AUTH);
    }

    private String remoteHost() {
        return channel.remoteAddress() instanceof InetSocketAddress address
                ? address.getAddress().getHostAddress() : String.valueOf(channel.remoteAddress());
    }

    /** The verified client certificate of a TLS connection, or null. */
    private PeerCertificate peerCertificate() {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null || !ssl.handshakeFuture().isSuccess()) {
            return null;
        }
        try {
            return PeerCertificate.of(ssl.engine().getSession().getPeerCertificates());
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void onSaslMechanisms(Sasl sasl, Transport transport) {
        // server side: mechanisms are sent, never received
    }

    @Override
    public void onSaslChallenge(Sasl sasl, Transport transport) {
        // server side: challenges are sent, never received
    }

    @Override
    public void onSaslResponse(Sasl sasl, Transport transport) {
        // PLAIN, ANONYMOUS and EXTERNAL complete with the init frame: no challenge is ever sent
    }

    @Override
    public void onSaslOutcome(Sasl sasl, Transport transport) {
        // server side: the outcome is sent, never received
    }
}
