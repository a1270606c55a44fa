package io.switchboard.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.switchboard.broker.Broker;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS handshakes: HiveMQ (TCP and WebSocket), Paho and mosquitto_pub; client certificates; reloads. */
@Timeout(120)
class TlsTest {
    @TempDir
    static Path certDir;
    static TestCertificates certs;

    @TempDir
    Path dir;
    private Broker broker;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.create(certDir);
        certs.issue("server", "localhost", "dns:localhost,ip:127.0.0.1");
        certs.issue("server2", "localhost", "dns:localhost,ip:127.0.0.1");
        certs.issue("alice", "alice", "dns:alice-device");
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
        all[2] = "security.tls.mqtt_port=0";
        all[3] = "security.tls.websocket_port=0";
        System.arraycopy(sets, 0, all, 4, sets.length);
        broker = SecureBroker.start(dir, all);
    }

    private Mqtt5ClientBuilder tlsClient(String id, String clientCertificate) throws Exception {
        var ssl = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("localhost")
                .serverPort(broker.mqttTlsPort()).sslConfig().trustManagerFactory(certs.trustManagers());
        if (clientCertificate != null) {
            ssl = ssl.keyManagerFactory(certs.keyManagers(clientCertificate));
        }
        return ssl.applySslConfig();
    }

    @Test
    void hivemqOverTlsAndSecureWebSocketPahoAndMosquittoPubExchangeMessages() throws Exception {
        start();
        Mqtt5BlockingClient subscriber = tlsClient("tls-sub", null).buildBlocking();
        subscriber.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
            subscriber.subscribeWith().topicFilter("tls/#").qos(MqttQos.AT_LEAST_ONCE).send();

            Mqtt5BlockingClient wss = MqttClient.builder().useMqttVersion5().identifier("wss-pub")
                    .serverHost("localhost").serverPort(broker.secureWebsocketPort())
                    .sslConfig().trustManagerFactory(certs.trustManagers()).applySslConfig()
                    .webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking();
            wss.connect();
            wss.publishWith().topic("tls/wss").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("over wss".getBytes(StandardCharsets.UTF_8)).send();
            assertThat(payload(received)).isEqualTo("over wss");

            var paho = new org.eclipse.paho.client.mqttv3.MqttClient("ssl://localhost:" + broker.mqttTlsPort(),
                    "paho-tls", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setSocketFactory(certs.clientContext(null).getSocketFactory());
            options.setConnectionTimeout(10);
            paho.connect(options);
            paho.publish("tls/paho", new MqttMessage("over paho".getBytes(StandardCharsets.UTF_8)));
            assertThat(payload(received)).isEqualTo("over paho");
            paho.disconnect();
            paho.close();

            Process pub = new ProcessBuilder("mosquitto_pub", "-h", "localhost", "-p",
                    String.valueOf(broker.mqttTlsPort()), "--cafile", certs.caCert.toString(), "-V", "mqttv311",
                    "-i", "mosquitto-tls", "-t", "tls/mosquitto", "-q", "1", "-m", "over mosquitto")
                    .redirectErrorStream(true).start();
            assertThat(pub.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(pub.exitValue()).as(new String(pub.getInputStream().readAllBytes())).isZero();
            assertThat(payload(received)).isEqualTo("over mosquitto");
        }
    }

    private static String payload(Mqtt5BlockingClient.Mqtt5Publishes received) throws InterruptedException {
        return new String(received.receive(15, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes(),
                StandardCharsets.UTF_8);
    }

    @Test
    void clientCertificatesAuthenticateTheirCommonNameAndAreRequired() throws Exception {
        Path acl = SecureBroker.acl(dir, "allow both users/%u/#");
        start("security.tls.ca_file=" + certs.caCert, "security.tls.client_auth=require",
                "security.tls.certificate_identity=cn", "security.acl_file=" + acl);
        Mqtt5BlockingClient alice = tlsClient("device-1", "alice").buildBlocking();
        alice.connect(); // no user name, no password: the certificate says who this is
        assertThat(alice.subscribeWith().topicFilter("users/alice/#").send().getReasonCodes())
                .containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_2);
        try (Mqtt5BlockingClient.Mqtt5Publishes received = alice.publishes(MqttGlobalPublishFilter.ALL)) {
            Process pub = new ProcessBuilder("mosquitto_pub", "-h", "localhost", "-p",
                    String.valueOf(broker.mqttTlsPort()), "--cafile", certs.caCert.toString(),
                    "--cert", certs.cert("alice").toString(), "--key", certs.key("alice").toString(),
                    "-V", "mqttv5", "-i", "mosquitto-mtls", "-t", "users/alice/m", "-q", "1", "-m", "mtls")
                    .redirectErrorStream(true).start();
            assertThat(pub.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(pub.exitValue()).as(new String(pub.getInputStream().readAllBytes())).isZero();
            assertThat(payload(received)).isEqualTo("mtls");
        }
        alice.disconnect();

        Mqtt5BlockingClient noCertificate = tlsClient("device-2", null).buildBlocking();
        assertThatThrownBy(noCertificate::connect).isInstanceOf(RuntimeException.class);
        assertThat(broker.router().hasSession("device-2")).isFalse();
    }

    @Test
    void theSubjectAlternativeNameCanBeTheUserName() throws Exception {
        Path acl = SecureBroker.acl(dir, "allow both devices/%u/#");
        start("security.tls.ca_file=" + certs.caCert, "security.tls.client_auth=optional",
                "security.tls.certificate_identity=san", "security.acl_file=" + acl);
        Mqtt5BlockingClient alice = tlsClient("device-1", "alice").buildBlocking();
        alice.connect();
        assertThat(alice.subscribeWith().topicFilter("devices/alice-device/#").send().getReasonCodes())
                .containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_2);
        alice.disconnect();
    }

    @Test
    void onlyTheConfiguredProtocolVersionsAreOffered() throws Exception {
        Files.writeString(dir.resolve("switchboard.yaml"), "security:\n  tls:\n    protocols: [TLSv1.2]\n");
        start();
        assertThat(handshake("TLSv1.2").getSession().getProtocol()).isEqualTo("TLSv1.2");
        assertThatThrownBy(() -> handshake("TLSv1.3")).isInstanceOf(javax.net.ssl.SSLException.class);
        String refused = "switchboard_connections_refused_total{listener=\"mqtts\",protocol=\"mqtt\","
                + "reason=\"tls_handshake_failed\"} 1.0";
        HttpClient http = HttpClient.newHttpClient();
        URI metrics = URI.create("http://127.0.0.1:" + broker.httpPort() + "/metrics");
        await().atMost(Duration.ofSeconds(10)).until(() -> http.send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString()).body().lines().anyMatch(refused::equals));
    }

    private SSLSocket handshake(String protocol) throws Exception {
        SSLContext context = certs.clientContext(null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", broker.mqttTlsPort());
        socket.setSoTimeout(10_000);
        if (protocol != null) {
            socket.setEnabledProtocols(new String[] {protocol});
        }
        try {
            socket.startHandshake();
            return socket;
        } finally {
            socket.close();
        }
    }

    private BigInteger serverSerial() throws Exception {
        SSLSocket socket = handshake(null);
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }

    @Test
    void changedCertificateFilesAreUsedByNewHandshakesWithoutARestart() throws Exception {
        start("security.tls.reload_interval_seconds=1");
        BigInteger first = serverSerial();
        Mqtt5BlockingClient connected = tlsClient("stays", null).buildBlocking();
        connected.connect();

        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server.key");
        Files.copy(certs.key("server2"), key, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(certs.cert("server2"), cert, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(cert, FileTime.from(Instant.now().plusSeconds(5)));
        await().atMost(Duration.ofSeconds(20)).until(() -> !serverSerial().equals(first));
        BigInteger second = serverSerial();

        Files.writeString(cert, "not a certificate");
        Files.setLastModifiedTime(cert, FileTime.from(Instant.now().plusSeconds(10)));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> serverSerial().equals(second)); // the broken file is refused, the old one serves
        assertThat(connected.getState().isConnected()).isTrue();
        connected.disconnect();
    }
}
