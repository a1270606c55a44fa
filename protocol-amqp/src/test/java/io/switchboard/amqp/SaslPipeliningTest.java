package io.switchboard.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.limit.ConnectionGate;
import io.switchboard.router.security.AuthenticationResult;
import io.switchboard.router.security.Authenticator;
import io.switchboard.router.security.Authorizer;
import io.switchboard.router.security.Principal;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.security.SaslInit;
import org.apache.qpid.proton.amqp.transport.Open;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that pipelines its AMQP header and OPEN behind the SASL init (allowed by the spec, done by some
 * stacks): the bytes wait while the credentials are checked off the event loop, then are read as AMQP.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SaslPipeliningTest {
    private static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
    private static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};
    private static final int SASL_FRAME = 1;
    private static final int AMQP_FRAME = 0;

    @Test
    void bytesAfterTheInitFrameWaitForTheOutcome() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Authenticator slow = credentials -> {
            try {
                release.await(10, TimeUnit.SECONDS); // the check is still running when the header arrives
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return AuthenticationResult.success(Principal.user(credentials.username()));
        };
        ExecutorService authThread = Executors.newSingleThreadExecutor();
        AmqpSecurity security = new AmqpSecurity(slow, Authorizer.ALLOW_ALL, authThread, false, null,
                () -> AmqpLimits.NONE, new ConnectionGate());
        try (TestBroker broker = new TestBroker(AmqpSettings.DEFAULTS.withPort(0), security);
             Socket socket = new Socket("127.0.0.1", broker.port())) {
            SaslInit init = new SaslInit();
            init.setMechanism(Symbol.valueOf("PLAIN"));
            init.setInitialResponse(new Binary("\0alice\0secret".getBytes(StandardCharsets.UTF_8)));
            Open open = new Open();
            open.setContainerId("pipelined");
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(SASL_HEADER);
            request.write(frame(SASL_FRAME, encode(init)));
            request.write(AMQP_HEADER);
            request.write(frame(AMQP_FRAME, encode(open)));
            socket.getOutputStream().write(request.toByteArray());
            socket.getOutputStream().flush();
            release.countDown();

            byte[] answer = readUntilOpen(socket);
            int header = indexOf(answer, AMQP_HEADER);
            assertThat(header).as("AMQP header after the SASL outcome").isPositive();
            ByteBuffer frame = ByteBuffer.wrap(answer, header + AMQP_HEADER.length,
                    answer.length - header - AMQP_HEADER.length);
            int size = frame.getInt();
            int dataOffset = (frame.get() & 0xff) * 4;
            frame.position(frame.position() - 5 + dataOffset);
            frame.limit(frame.position() - dataOffset + size);
            assertThat(decode(frame)).isInstanceOf(Open.class);
        } finally {
            authThread.shutdownNow();
        }
    }

    /** Reads until the answer holds the AMQP header and a whole frame after it. */
    private static byte[] readUntilOpen(Socket socket) throws Exception {
        socket.setSoTimeout(20);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        long deadline = System.nanoTime() + ProtonClient.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] sofar = all.toByteArray();
            int header = indexOf(sofar, AMQP_HEADER);
            int after = header < 0 ? -1 : header + AMQP_HEADER.length;
            if (after > 0 && sofar.length >= after + 4
                    && sofar.length >= after + ByteBuffer.wrap(sofar, after, 4).getInt()) {
                return sofar;
            }
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (n < 0) {
                throw new AssertionError("closed by the server after " + all.size() + " bytes");
            }
            all.write(buffer, 0, n);
        }
        throw new AssertionError("no OPEN within " + ProtonClient.TIMEOUT);
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] frame(int type, byte[] body) {
        return ByteBuffer.allocate(8 + body.length).putInt(8 + body.length).put((byte) 2).put((byte) type)
                .putShort((short) 0).put(body).array();
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

    private static Object decode(ByteBuffer buffer) {
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        decoder.setByteBuffer(buffer);
        return decoder.readObject();
    }
}
