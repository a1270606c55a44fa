package io.switchboard.router.security;

import io.switchboard.router.api.Protocol;
import java.util.List;
import java.util.Objects;

/**
 * What a client presented when it connected, in protocol-neutral form (MQTT CONNECT user name and password,
 * AMQP SASL PLAIN, the TLS peer certificate).
 *
 * @param username           the user name, or null when none was sent
 * @param password           the password bytes, or null; never logged
 * @param clientId           the client identifier (MQTT) or container id (AMQP)
 * @param sourceAddress      the remote address as text, for logs and per-address rate limits
 * @param certificateSubject the verified TLS client certificate's subject common name, or null
 * @param certificateNames   the certificate's DNS and e-mail subject alternative names (empty when none)
 * @param protocol           the protocol the client connected with, for logs and metrics
 */
public record Credentials(
        String username,
        byte[] password,
        String clientId,
        String sourceAddress,
        String certificateSubject,
        List<String> certificateNames,
        Protocol protocol) {

    public Credentials {
        Objects.requireNonNull(protocol, "protocol");
        certificateNames = certificateNames == null ? List.of() : List.copyOf(certificateNames);
    }

    /** True when the client presented a verified certificate. */
    public boolean hasCertificate() {
        return certificateSubject != null || !certificateNames.isEmpty();
    }

    @Override
    public String toString() {
        return "Credentials[protocol=" + protocol + ", username=" + username + ", clientId=" + clientId + ", addr=" + sourceAddress
                + ", certificate=" + certificateSubject + "]";
    }
}
