package io.switchboard.broker.security;

import static io.switchboard.broker.security.RawMqtt5.AUTH;
import static io.switchboard.broker.security.RawMqtt5.AUTH_METHOD;
import static io.switchboard.broker.security.RawMqtt5.CONNACK;
import static io.switchboard.broker.security.RawMqtt5.DISCONNECT;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.broker.Broker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AUTH exchange of SCRAM-SHA-256 as raw bytes (MQTT 5 sections 3.15 and 4.12): the packets a client sees, and
 * the protocol errors of clients that send AUTH out of sequence or switch methods.
 */
@Timeout(60)
class ScramAuthPacketTest {
    private static final String METHOD = "SCRAM-SHA-256";
    @TempDir
    static Path dir;
    private static Broker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = SecureBroker.start(dir, "security.password_file=" + SecureBroker.users(dir, "alice", "wonderland"),
                "mqtt.connect_timeout_seconds=1");
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** A connection to the broker that sends raw packets and reads its answers. */
    private static final class Wire implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final InputStream in;

        Wire() throws IOException {
            socket = RawMqtt.open(broker.mqttPort(), 0);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        /** Sends the packets in one write, so that they reach the broker in one read. */
        Wire send(byte[]... packets) throws IOException {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (byte[] packet : packets) {
                all.write(packet);
            }
            out.write(all.toByteArray());
            out.flush();
            return this;
        }

        RawMqtt5.Packet read() throws IOException {
            return RawMqtt5.read(in);
        }

        void expectClosed() throws IOException {
            assertThat(RawMqtt5.read(in)).isNull();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    @DisplayName("[MQTT-4.12.0-2] [MQTT-4.12.0-3] [MQTT-4.12.0-5] AUTH 0x18 carries the challenge, CONNACK 0x00"
            + " the server's signature")
    void fullExchange() throws IOException {
        ScramClient scram = new ScramClient("alice", "wonderland", "raw-nonce-1");
        try (Wire wire = new Wire()) {
            RawMqtt5.Packet challenge = wire.send(RawMqtt5.connect("raw-ok", METHOD, scram.first())).read();
            assertThat(challenge.type()).isEqualTo(AUTH);
            assertThat(challenge.reasonCode()).isEqualTo(0x18);
            assertThat(challenge.properties().get(AUTH_METHOD)).isEqualTo(METHOD);
            assertThat(challenge.authData()).startsWith("r=raw-nonce-1").contains(",s=", ",i=4096");

            RawMqtt5.Packet connack = wire.send(RawMqtt5.auth(0x18, METHOD, scram.last(challenge.authData()))).read();
            assertThat(connack.type()).isEqualTo(CONNACK);
            assertThat(connack.reasonCode()).isZero();
            assertThat(connack.properties().get(AUTH_METHOD)).isEqualTo(METHOD);
            assertThat(scram.verify(connack.authData())).isTrue();

            // once connected, another continue without a re-authentication in progress is out of sequence
            RawMqtt5.Packet disconnect = wire.send(RawMqtt5.auth(0x18, METHOD, "x")).read();
            assertThat(disconnect.type()).isEqualTo(DISCONNECT);
            assertThat(disconnect.reasonCode()).isEqualTo(0x82);
            wire.expectClosed();
        }
    }

    @Test
    @DisplayName("[MQTT-4.12.0-4] a wrong proof is refused with CONNACK 0x86 and a close")
    void wrongProof() throws IOException {
        ScramClient scram = new ScramClient("alice", "looking-glass", "raw-nonce-2");
        try (Wire wire = new Wire()) {
            RawMqtt5.Packet challenge = wire.send(RawMqtt5.connect("raw-wrong", METHOD, scram.first())).read();
            RawMqtt5.Packet connack = wire.send(RawMqtt5.auth(0x18, METHOD, scram.last(challenge.authData()))).read();
            assertThat(connack.type()).isEqualTo(CONNACK);
            assertThat(connack.reasonCode()).isEqualTo(0x86);
            wire.expectClosed();
        }
    }

    private static void expectConnackProtocolError(Wire wire) throws IOException {
        RawMqtt5.Packet answer = wire.read();
        assertThat(answer.type()).isEqualTo(CONNACK);
        assertThat(answer.reasonCode()).isEqualTo(0x82);
        wire.expectClosed();
    }

    @Test
    @DisplayName("an AUTH sent before the server answered the CONNECT is out of sequence: CONNACK 0x82")
    void authBeforeTheChallenge() throws IOException {
        ScramClient scram = new ScramClient("alice", "wonderland", "raw-nonce-3");
        try (Wire wire = new Wire()) {
            wire.send(RawMqtt5.connect("raw-early", METHOD, scram.first()), RawMqtt5.auth(0x18, METHOD, "c=biws"));
            expectConnackProtocolError(wire);
        }
    }

    @Test
    @DisplayName("[MQTT-4.12.0-3] an AUTH answering the challenge with reason 0x19 instead of 0x18: CONNACK 0x82")
    void reauthenticateBeforeConnack() throws IOException {
        ScramClient scram = new ScramClient("alice", "wonderland", "raw-nonce-4");
        try (Wire wire = new Wire()) {
            RawMqtt5.Packet challenge = wire.send(RawMqtt5.connect("raw-0x19", METHOD, scram.first())).read();
            wire.send(RawMqtt5.auth(0x19, METHOD, scram.last(challenge.authData())));
            expectConnackProtocolError(wire);
        }
    }

    @Test
    @DisplayName("[MQTT-4.12.0-5] an AUTH naming another method than CONNECT's: CONNACK 0x82")
    void methodChanged() throws IOException {
        ScramClient scram = new ScramClient("alice", "wonderland", "raw-nonce-5");
        try (Wire wire = new Wire()) {
            RawMqtt5.Packet challenge = wire.send(RawMqtt5.connect("raw-switch", METHOD, scram.first())).read();
            wire.send(RawMqtt5.auth(0x18, "SCRAM-SHA-512", scram.last(challenge.authData())));
            expectConnackProtocolError(wire);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-30] a PUBLISH while authenticating: CONNACK 0x82")
    void publishWhileAuthenticating() throws IOException {
        ScramClient scram = new ScramClient("alice", "wonderland", "raw-nonce-6");
        try (Wire wire = new Wire()) {
            RawMqtt5.Packet challenge = wire.send(RawMqtt5.connect("raw-publish", METHOD, scram.first())).read();
            assertThat(challenge.type()).isEqualTo(AUTH);
            wire.send(RawMqtt5.publish("sneaky"));
            expectConnackProtocolError(wire);
        }
    }

    @Test
    @DisplayName("[MQTT-4.12.0-1] an unknown method: CONNACK 0x8C")
    void unknownMethod() throws IOException {
        try (Wire wire = new Wire()) {
            RawMqtt5.Packet answer = wire.send(RawMqtt5.connect("raw-unknown", "GS2-KRB5", "x")).read();
            assertThat(answer.type()).isEqualTo(CONNACK);
            assertThat(answer.reasonCode()).isEqualTo(0x8C);
            wire.expectClosed();
        }
    }

    @Test
    @DisplayName("a client that stops answering the challenge is closed after the connect timeout")
    void abandonedExchange() throws IOException {
        ScramClient scram = new ScramClient("alice", "wonderland", "raw-nonce-7");
        try (Wire wire = new Wire()) {
            RawMqtt5.Packet challenge = wire.send(RawMqtt5.connect("raw-silent", METHOD, scram.first())).read();
            assertThat(challenge.type()).isEqualTo(AUTH);
            wire.expectClosed(); // within the socket's 10 s read timeout
        }
    }
}
