package io.switchboard.broker.config;

import java.util.List;
import java.util.Set;

/**
 * Section {@code security.tls}: MQTT over TLS, MQTT over secure WebSocket and AMQPS, from PEM files. The TLS listeners
 * run only when {@code cert_file} and {@code key_file} are set.
 *
 * @param certFile              PEM certificate chain of the broker (leaf first)
 * @param keyFile               PEM private key, unencrypted PKCS#8 ("BEGIN PRIVATE KEY")
 * @param caFile                PEM CA certificates that client certificates must chain to (needed unless
 *                              client_auth is none)
 * @param clientAuth            none, optional (verified when presented) or require
 * @param certificateIdentity   none, cn or san: a verified client certificate's subject common name or first
 *                              DNS / e-mail alternative name becomes the user name (no password needed)
 * @param protocols             TLS versions offered: TLSv1.3 and/or TLSv1.2
 * @param ciphers               cipher suites (JDK names); empty: the JDK's defaults for those versions
 * @param mqttPort              MQTT over TLS; 0 ephemeral, -1 disabled
 * @param websocketPort         MQTT over secure WebSocket (path mqtt.websocket_path); 0 ephemeral, -1 disabled
 * @param amqpPort              AMQP 1.0 over TLS (AMQPS, on amqp.host); 0 ephemeral, -1 disabled
 * @param reloadIntervalSeconds how often the files are checked for changes (new handshakes then use them);
 *                              0: only on SIGHUP
 */
public record TlsConfig(
        String certFile,
        String keyFile,
        String caFile,
        ClientAuth clientAuth,
        CertificateIdentity certificateIdentity,
        List<String> protocols,
        List<String> ciphers,
        int mqttPort,
        int websocketPort,
        int amqpPort,
        int reloadIntervalSeconds) {

    /** Whether TLS clients must present a certificate. */
    public enum ClientAuth { NONE, OPTIONAL, REQUIRE }

    /** Where a certificate-authenticated client's user name comes from. */
    public enum CertificateIdentity { NONE, CN, SAN }

    private static final Set<String> SUPPORTED = Set.of("TLSv1.2", "TLSv1.3");

    public static final TlsConfig DEFAULTS = new TlsConfig(null, null, null, ClientAuth.NONE,
            CertificateIdentity.NONE, List.of("TLSv1.3", "TLSv1.2"), List.of(), 8883, 8084, 5671, 10);

    public TlsConfig {
        certFile = blankToNull(certFile);
        keyFile = blankToNull(keyFile);
        caFile = blankToNull(caFile);
        InvalidValueException.required("client_auth", clientAuth);
        InvalidValueException.required("certificate_identity", certificateIdentity);
        protocols = protocols == null ? List.of() : List.copyOf(protocols);
        ciphers = ciphers == null ? List.of() : List.copyOf(ciphers);
        if (protocols.isEmpty() || !SUPPORTED.containsAll(protocols)) {
            throw new InvalidValueException("protocols", "must list TLSv1.3 and/or TLSv1.2, got " + protocols);
        }
        InvalidValueException.range("mqtt_port", mqttPort, -1, 65535);
        InvalidValueException.range("websocket_port", websocketPort, -1, 65535);
        InvalidValueException.range("amqp_port", amqpPort, -1, 65535);
        InvalidValueException.range("reload_interval_seconds", reloadIntervalSeconds, 0, 86_400);
        if ((certFile == null) != (keyFile == null)) {
            throw new InvalidValueException(certFile == null ? "cert_file" : "key_file",
                    "cert_file and key_file must be set together");
        }
        if (clientAuth != ClientAuth.NONE && caFile == null) {
            throw new InvalidValueException("ca_file", "must be set when client_auth is "
                    + clientAuth.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (certificateIdentity != CertificateIdentity.NONE && clientAuth == ClientAuth.NONE) {
            throw new InvalidValueException("certificate_identity", "needs client_auth optional or require");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** True when the TLS listeners run. */
    public boolean enabled() {
        return certFile != null;
    }

    /** True when a client certificate alone identifies a user. */
    public boolean authenticatesClients() {
        return enabled() && certificateIdentity != CertificateIdentity.NONE;
    }
}
