package io.switchboard.amqp;

import java.nio.charset.StandardCharsets;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server side of SASL: ANONYMOUS, and PLAIN checked by a {@link PlainAuthenticator}. */
final class SaslServer implements SaslListener {
    static final String PLAIN = "PLAIN";
    static final String ANONYMOUS = "ANONYMOUS";
    private static final Logger LOG = LoggerFactory.getLogger(SaslServer.class);

    private final PlainAuthenticator authenticator;
    private final String remote;
    private String user;
    private boolean failed;

    SaslServer(PlainAuthenticator authenticator, String remote) {
        this.authenticator = authenticator;
        this.remote = remote;
    }

    static void install(Transport transport, SaslServer listener) {
        Sasl sasl = transport.sasl();
        sasl.server();
        sasl.allowSkip(false); // SASL is required: a plain AMQP header gets the SASL header back and a close
        sasl.setMechanisms(PLAIN, ANONYMOUS);
        sasl.setListener(listener);
    }

    /** True once authentication failed: the outcome is sent, then the connection closes. */
    boolean failed() {
        return failed;
    }

    /** The authenticated user name, "anonymous" for ANONYMOUS, null before the outcome. */
    String user() {
        return user;
    }

    @Override
    public void onSaslInit(Sasl sasl, Transport transport) {
        String[] mechanisms = sasl.getRemoteMechanisms();
        String mechanism = mechanisms.length == 0 ? "" : mechanisms[0];
        byte[] response = new byte[Math.max(0, sasl.pending())];
        sasl.recv(response, 0, response.length);
        boolean ok = switch (mechanism) {
            case ANONYMOUS -> {
                user = "anonymous";
                yield true;
            }
            case PLAIN -> plain(response);
            default -> false;
        };
        if (ok) {
            sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
        } else {
            failed = true;
            LOG.info("amqp.auth_failed remote={} mechanism={}", remote, mechanism);
            sasl.done(Sasl.SaslOutcome.PN_SASL_AUTH);
        }
    }

    /** PLAIN: authzid NUL authcid NUL passwd [RFC 4616]. */
    private boolean plain(byte[] response) {
        int first = indexOf(response, 0);
        int second = first < 0 ? -1 : indexOf(response, first + 1);
        if (second < 0) {
            return false;
        }
        String authzid = new String(response, 0, first, StandardCharsets.UTF_8);
        String username = new String(response, first + 1, second - first - 1, StandardCharsets.UTF_8);
        String password = new String(response, second + 1, response.length - second - 1, StandardCharsets.UTF_8);
        if (authenticator.authenticate(authzid, username, password)) {
            user = username;
            return true;
        }
        return false;
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
        // PLAIN and ANONYMOUS complete with the init frame: no challenge is ever sent
    }

    @Override
    public void onSaslOutcome(Sasl sasl, Transport transport) {
        // server side: the outcome is sent, never received
    }
}
