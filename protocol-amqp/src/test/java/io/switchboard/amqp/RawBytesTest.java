package io.switchboard.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.Begin;
import org.apache.qpid.proton.amqp.transport.ConnectionError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.LinkError;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.amqp.transport.SessionError;
import org.apache.qpid.proton.amqp.transport.Transfer;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input on raw sockets, independent of any client library's good manners: each offender is closed with the
 * right AMQP error condition, and a well-behaved client connected alongside keeps working.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RawBytesTest {
    private static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
    private static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};
    private static final int MAX_MESSAGE_SIZE = 10_000;

    private TestBroker broker;
    private ProtonClient good;
    private Session goodSession;
    private Receiver goodReceiver;
    private Sender goodSender;

    @BeforeEach
    void start() throws Exception {
        broker = new TestBroker(AmqpSettings.DEFAULTS.withPort(0).withMaxMessageSize(MAX_MESSAGE_SIZE),
                AmqpSecurity.none());
        good = ProtonClient.opened(broker.port());
        goodSession = good.connection.session();
        goodSession.open();
        goodReceiver = ProtonClient.receiver(goodSession, "topic://good");
        goodReceiver.flow(100);
        goodSender = ProtonClient.sender(goodSession, "topic://good", SenderSettleMode.SETTLED);
        good.pumpUntil(() -> goodSender.getCredit() > 0 && goodReceiver.getRemoteState() == EndpointState.ACTIVE);
    }

    @AfterEach
    void stop() throws IOException {
        good.close();
        broker.close();
    }

    private void goodClientStillWorks(String text) throws IOException {
        ProtonClient.send(goodSender, text);
        List<String> received = new ArrayList<>();
        good.pumpUntil(() -> ProtonClient.drain(goodReceiver, received) && received.contains(text));
    }

    /** Reads until the server closes the socket; fails if it does not within the client timeout. */
    private static byte[] readUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout(20);
        long deadline = System.nanoTime() + ProtonClient.TIMEOUT.toNanos();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (System.nanoTime() < deadline) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (n < 0) {
                return all.toByteArray();
            }
            all.write(buffer, 0, n);
        }
        throw new AssertionError("the server did not close the connection; received " + all.size() + " bytes");
    }

    @Test
    void wrongProtocolHeaderGetsTheSupportedHeaderAndAClose() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", broker.port())) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = readUntilClosed(socket);
            assertThat(answer).startsWith(SASL_HEADER);
        }
        goodClientStillWorks("after-http");
    }

    @Test
    void aClientSkippingSaslIsToldTheSaslHeaderAndClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", broker.port())) {
            socket.getOutputStream().write(AMQP_HEADER);
            byte[] answer = readUntilClosed(socket);
            assertThat(answer).startsWith(SASL_HEADER);
        }
        goodClientStillWorks("after-no-sasl");
    }

    @Test
    void garbageFrameBodyClosesWithADecodeError() throws Exception {
        try (ProtonClient bad = ProtonClient.opened(broker.port())) {
            bad.writeRaw(frame(0, new byte[] {0x00, 0x53, 0x77, (byte) 0xFE, (byte) 0xFF, 0x13, 0x37, 0x42}));
            bad.pumpUntilEof();
            assertThat(condition(bad)).isIn(AmqpError.DECODE_ERROR.toString(), ConnectionError.FRAMING_ERROR.toString());
        }
        goodClientStillWorks("after-garbage");
    }

    @Test
    void oversizeFrameClosesWithAFramingError() throws Exception {
        try (ProtonClient bad = ProtonClient.opened(broker.port())) {
            int size = AmqpSettings.DEFAULTS.maxFrameSize() + 1;
            bad.writeRaw(ByteBuffer.allocate(8).putInt(size).put((byte) 2).put((byte) 0).putShort((short) 0).array());
            bad.pumpUntilEof();
            assertThat(condition(bad)).isEqualTo(ConnectionError.FRAMING_ERROR.toString());
        }
        goodClientStillWorks("after-oversize");
    }

    @Test
    void transferOnAnUnattachedHandleClosesTheConnection() throws Exception {
        try (ProtonClient bad = ProtonClient.opened(broker.port())) {
            Session session = bad.connection.session();
            session.open();
            bad.pumpUntil(() -> session.getRemoteState() == EndpointState.ACTIVE);
            Transfer transfer = new Transfer();
            transfer.setHandle(UnsignedInteger.valueOf(9));
            transfer.setDeliveryId(UnsignedInteger.ZERO);
            transfer.setDeliveryTag(new Binary(new byte[] {1}));
            transfer.setMessageFormat(UnsignedInteger.ZERO);
            transfer.setSettled(true);
            bad.writeRaw(frame(0, encode(transfer)));
            bad.pumpUntilEof();
            assertThat(condition(bad)).isEqualTo(SessionError.UNATTACHED_HANDLE.toString());
        }
        goodClientStillWorks("after-unattached");
    }

    @Test
    void oversizeMessageClosesItsLinkWithMessageSizeExceeded() throws Exception {
        try (ProtonClient bad = ProtonClient.opened(broker.port())) {
            Session session = bad.connection.session();
            session.open();
            Sender sender = ProtonClient.sender(session, "topic://big", SenderSettleMode.UNSETTLED);
            bad.pumpUntil(() -> sender.getCredit() > 0);
            assertThat(sender.getRemoteMaxMessageSize().longValue()).isEqualTo(MAX_MESSAGE_SIZE);
            ProtonClient.send(sender, "x".repeat(MAX_MESSAGE_SIZE + 1));
            bad.pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED);
            assertThat(sender.getRemoteCondition().getCondition().toString())
                    .isEqualTo(LinkError.MESSAGE_SIZE_EXCEEDED.toString());
            assertThat(bad.connection.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
        }
        goodClientStillWorks("after-big-message");
    }

    @Test
    void transfersBeyondTheLinkCreditCloseTheLinkWithTransferLimitExceeded() throws Exception {
        broker.close();
        broker = new TestBroker(AmqpSettings.DEFAULTS.withPort(0).withLinkCredit(1), AmqpSecurity.none());
        try (ProtonClient bad = ProtonClient.opened(broker.port())) {
            Session session = bad.connection.session();
            session.open();
            Sender sender = ProtonClient.sender(session, "queue://limited", SenderSettleMode.UNSETTLED);
            bad.pumpUntil(() -> sender.getCredit() == 1);
            org.apache.qpid.proton.message.Message message = org.apache.qpid.proton.Proton.message();
            message.setBody(new org.apache.qpid.proton.amqp.messaging.AmqpValue("over"));
            byte[] payload = AmqpMessages.encode(message);
            java.io.ByteArrayOutputStream frames = new java.io.ByteArrayOutputStream();
            for (int id = 0; id < 3; id++) { // three unsettled transfers against one credit, in one write
                Transfer transfer = new Transfer();
                transfer.setHandle(UnsignedInteger.ZERO);
                transfer.setDeliveryId(UnsignedInteger.valueOf(id));
                transfer.setDeliveryTag(new Binary(new byte[] {(byte) id}));
                transfer.setMessageFormat(UnsignedInteger.ZERO);
                byte[] performative = encode(transfer);
                byte[] body = new byte[performative.length + payload.length];
                System.arraycopy(performative, 0, body, 0, performative.length);
                System.arraycopy(payload, 0, body, performative.length, payload.length);
                frames.write(frame(0, body));
            }
            bad.writeRaw(frames.toByteArray());
            bad.pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED);
            assertThat(sender.getRemoteCondition().getCondition().toString())
                    .isEqualTo(LinkError.TRANSFER_LIMIT_EXCEEDED.toString());
        }
        good.close();
        good = ProtonClient.opened(broker.port());
        assertThat(good.connection.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
    }

    @Test
    void aSessionBeyondChannelMaxClosesTheConnectionWithAFramingError() throws Exception {
        try (ProtonClient bad = ProtonClient.opened(broker.port())) {
            Begin begin = new Begin();
            begin.setNextOutgoingId(UnsignedInteger.ZERO);
            begin.setIncomingWindow(UnsignedInteger.valueOf(100));
            begin.setOutgoingWindow(UnsignedInteger.valueOf(100));
            bad.writeRaw(frame(AmqpSettings.DEFAULTS.channelMax() + 1, encode(begin)));
            bad.pumpUntilEof();
            assertThat(condition(bad)).isEqualTo(ConnectionError.FRAMING_ERROR.toString());
        }
        goodClientStillWorks("after-channel-max");
    }

    @Test
    void badAddressesAreRefusedOnTheirLinkOnly() throws Exception {
        try (ProtonClient bad = ProtonClient.opened(broker.port())) {
            Session session = bad.connection.session();
            session.open();
            Receiver emptyQueue = ProtonClient.receiver(session, "queue://");
            Receiver badFilter = ProtonClient.receiver(session, "topic://a/#/b");
            Sender wildcardTopic = ProtonClient.sender(session, "topic://a/+", SenderSettleMode.UNSETTLED);
            bad.pumpUntil(() -> emptyQueue.getRemoteState() == EndpointState.CLOSED
                    && badFilter.getRemoteState() == EndpointState.CLOSED
                    && wildcardTopic.getRemoteState() == EndpointState.CLOSED);
            for (org.apache.qpid.proton.engine.Link link : List.of(emptyQueue, badFilter, wildcardTopic)) {
                assertThat(link.getRemoteCondition().getCondition().toString())
                        .isEqualTo(AmqpError.INVALID_FIELD.toString());
            }
            assertThat(bad.connection.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
        }
        goodClientStillWorks("after-bad-addresses");
    }

    private static String condition(ProtonClient client) {
        ErrorCondition remote = client.connection.getRemoteCondition();
        return remote == null || remote.getCondition() == null ? null : remote.getCondition().toString();
    }

    private static byte[] frame(int channel, byte[] body) {
        return ByteBuffer.allocate(8 + body.length).putInt(8 + body.length).put((byte) 2).put((byte) 0)
                .putShort((short) channel).put(body).array();
    }

    private static byte[] encode(Object performative) {
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        encoder.setByteBuffer(buffer);
        encoder.writeObject(performative);
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }
}
