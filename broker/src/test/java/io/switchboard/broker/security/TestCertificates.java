package io.switchboard.broker.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away CA with server and client certificates, generated at test time with the JDK's {@code keytool}
 * (no private key is committed). Keys are exported as PEM (PKCS#8) for the broker; the PKCS#12 stores serve
 * the Java clients.
 */
final class TestCertificates {
    static final String PASSWORD = "changeit";
    private static final String KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

    final Path dir;
    final Path caCert;

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.caCert = dir.resolve("ca.pem");
    }

    /** Creates the CA in {@code dir}. */
    static TestCertificates create(Path dir) throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        certs.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=Switchboard Test CA", "-ext", "bc:c", "-validity", "2",
                "-keystore", certs.store("ca").toString());
        certs.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", certs.store("ca").toString(),
                "-file", certs.caCert.toString());
        return certs;
    }

    Path store(String name) {
        return dir.resolve(name + ".p12");
    }

    Path cert(String name) {
        return dir.resolve(name + ".pem");
    }

    Path key(String name) {
        return dir.resolve(name + ".key");
    }

    /**
     * Issues a certificate signed by the CA: {@code name.p12} (key and chain), {@code name.pem} (certificate)
     * and {@code name.key} (PKCS#8 PEM private key).
     *
     * @param san subject alternative names in keytool syntax, e.g. {@code dns:localhost,ip:127.0.0.1}, or null
     */
    void issue(String name, String commonName, String san) throws Exception {
        Path store = store(name);
        Files.deleteIfExists(store);
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + commonName, "-validity", "2", "-keystore", store.toString());
        Path request = dir.resolve(name + ".csr");
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-file", request.toString());
        List<String> sign = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", store("ca").toString(),
                "-infile", request.toString(), "-outfile", cert(name).toString(), "-rfc", "-validity", "2"));
        if (san != null) {
            sign.addAll(List.of("-ext", "SAN=" + san));
        }
        keytool(sign.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore", store.toString());
        keytool("-importcert", "-alias", name, "-file", cert(name).toString(), "-keystore", store.toString());
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        PrivateKey key = (PrivateKey) keyStore.getKey(name, PASSWORD.toCharArray());
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(key(name), pem);
    }

    /** An SSL context trusting the test CA, presenting {@code clientName}'s certificate when not null. */
    SSLContext clientContext(String clientName) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(clientName == null ? null : keyManagers(clientName).getKeyManagers(),
                trustManagers().getTrustManagers(), null);
        return context;
    }

    TrustManagerFactory trustManagers() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caCert)) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        return factory;
    }

    KeyManagerFactory keyManagers(String name) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store(name))) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, PASSWORD.toCharArray());
        return factory;
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(KEYTOOL);
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: "
                    + new String(output, StandardCharsets.UTF_8));
        }
    }
}
