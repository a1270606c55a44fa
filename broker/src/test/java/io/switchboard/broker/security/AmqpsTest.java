package io.switchboard.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.broker.Broker;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.jms.Connection;
import javax.jms.JMSException;
import javax.jms.JMSSecurityException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.Session;
import javax.net.ssl.SSLSocket;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * AMQPS with Qpid JMS ({@code amqps://} with a trust store made here): SASL PLAIN over TLS, client certificates
 * (SASL EXTERNAL, the certificate's common name as the user), and certificates reloaded for new handshakes.
 */
@Timeout(120)
class AmqpsTest {
    private static final long RECEIVE_MILLIS = 5_000;

    @TempDir
    static Path certDir;
    static TestCertificates certs;
    static Path trustStore;

    @TempDir
    Path dir;
    private Broker broker;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.create(certDir);
        certs.issue("server", "localhost", "dns:localhost,ip:127.0.0.1");
        certs.issue("server2", "localhost", "dns:localhost,ip:127.0.0.1");
        certs.issue("alice", "alice", null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certs.caCert)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        trustStore = certDir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, TestCertificates.PASSWORD.toCharArray());
        }
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private void start(String... sets) throws Exception {
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server.key");
        Files.copy(certs.cert("server"), cert);
        Files.copy(certs.key("server"), key);
        String[] all = new String[sets.length + 4];
        all[0] = "security.tls.cert_file=" + cert;
        all[1] = "security.tls.key_file=" + key;
        all[2] = "security.tls.mqtt_port=-1";
        all[3] = "security.tls.websocket_port=-1";
        System.arraycopy(sets, 0, all, 4, sets.length);
        broker = SecureBroker.start(dir, all);
    }

    private String uri(String clientCertificate) {
        String uri = "amqps://localhost:" + broker.amqpTlsPort() + "?transport.storeType=PKCS12"
                + "&transport.trustStoreLocation=" + trustStore + "&transport.trustStorePassword="
                + TestCertificates.PASSWORD;
        if (clientCertificate != null) {
            uri += "&transport.keyStoreLocation=" + certs.store(clientCertificate) + "&transport.keyStorePassword="
                    + TestCertificates.PASSWORD;
        }
        return uri;
    }

    private static void roundTrip(Connection connection, String queue) throws JMSException {
        connection.start();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
        session.createProducer(session.createQueue(queue)).send(session.createTextMessage("over tls"));
        Message message = consumer.receive(RECEIVE_MILLIS);
        assertThat(message).isNotNull();
        assertThat(new String(message.getBody(byte[].class), StandardCharsets.UTF_8)).isEqualTo("over tls");
    }

    @Test
    void qpidJmsConnectsOverAmqpsWithSaslPlain() throws Exception {
        Path users = SecureBroker.users(dir, "alice", "wonderland");
        start("security.password_file=" + users);
        try (Connection connection = new JmsConnectionFactory(uri(null)).createConnection("alice", "wonderland")) {
            roundTrip(connection, "secure");
        }
        assertThatThrownBy(() -> new JmsConnectionFactory(uri(null)).createConnection("alice", "wrong").start())
                .isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void aClientCertificateAuthenticatesThroughSaslExternal() throws Exception {
        Path acl = SecureBroker.acl(dir, "allow both $queue/%u/#");
        start("security.tls.client_auth=require", "security.tls.ca_file=" + certs.caCert,
                "security.tls.certificate_identity=cn", "security.acl_file=" + acl, "amqp.port=-1");
        try (Connection connection = new JmsConnectionFactory(uri("alice")).createConnection()) {
            roundTrip(connection, "alice/inbox"); // the ACL grants it to user alice only
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("bob/inbox")))
                    .isInstanceOf(JMSSecurityException.class);
        }
        assertThatThrownBy(() -> new JmsConnectionFactory(uri(null)).createConnection().start())
                .isInstanceOf(JMSException.class); // no certificate: the handshake fails
    }

    @Test
    void reloadedCertificatesServeNewAmqpsHandshakes() throws Exception {
        start("security.tls.reload_interval_seconds=0");
        BigInteger first = serverSerial();
        Files.copy(certs.key("server2"), dir.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(certs.cert("server2"), dir.resolve("server.pem"), StandardCopyOption.REPLACE_EXISTING);
        broker.security().reload();
        assertThat(serverSerial()).isNotEqualTo(first);
    }

    private BigInteger serverSerial() throws Exception {
        try (SSLSocket socket = (SSLSocket) certs.clientContext(null).getSocketFactory()
                .createSocket("127.0.0.1", broker.amqpTlsPort())) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }
}
