package io.switchboard.amqp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Transport;

/**
 * A small blocking AMQP client on proton-j's engine (the same pump as the server, over a plain socket): the
 * proton-j client stack of the interop suite, and a way to get a connection into a state before raw bytes.
 */
final class ProtonClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final Socket socket;
    final Transport transport = Proton.transport();
    final Connection connection = Proton.connection();
    private final InputStream in;
    private final OutputStream out;
    private boolean eof;

    /** Connects with SASL ANONYMOUS (user null) or PLAIN. Call {@link #open()} to send OPEN. */
    ProtonClient(int port, String user, String password) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(20);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        Sasl sasl = transport.sasl();
        sasl.client();
        if (user == null) {
            sasl.setMechanisms("ANONYMOUS");
        } else {
            sasl.plain(user, password);
        }
        transport.bind(connection);
        connection.setContainer("proton-client");
    }

    static ProtonClient opened(int port) throws IOException {
        ProtonClient client = new ProtonClient(port, null, null);
        client.open();
        return client;
    }

    void open() throws IOException {
        connection.open();
        pumpUntil(() -> connection.getRemoteState() != org.apache.qpid.proton.engine.EndpointState.UNINITIALIZED
                || eof);
    }

    boolean eof() {
        return eof;
    }

    /** Writes raw bytes on the socket, bypassing the engine. */
    void writeRaw(byte[] bytes) throws IOException {
        flushOut();
        out.write(bytes);
        out.flush();
    }

    /** Moves bytes both ways until the condition holds; fails after {@link #TIMEOUT}. */
    void pumpUntil(BooleanSupplier condition) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        byte[] buffer = new byte[64 * 1024];
        while (true) {
            flushOut();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + TIMEOUT);
            }
            if (eof) {
                throw new AssertionError("connection closed by the server before the condition held");
            }
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (n < 0) {
                eof = true;
                transport.close_tail();
                continue;
            }
            feed(buffer, n);
        }
    }

    /** Reads until the server closes the socket, feeding the engine; fails after {@link #TIMEOUT}. */
    void pumpUntilEof() throws IOException {
        pumpUntil(() -> eof);
    }

    private void feed(byte[] bytes, int length) {
        int offset = 0;
        while (offset < length) {
            int capacity = transport.capacity();
            if (capacity <= 0) {
                return;
            }
            ByteBuffer tail = transport.tail();
            int n = Math.min(tail.remaining(), length - offset);
            tail.put(bytes, offset, n);
            offset += n;
            try {
                transport.process();
            } catch (org.apache.qpid.proton.engine.TransportException e) {
                return;
            }
        }
    }

    private void flushOut() throws IOException {
        while (true) {
            int pending = transport.pending();
            if (pending <= 0) {
                out.flush();
                return;
            }
            ByteBuffer head = transport.head();
            byte[] bytes = new byte[Math.min(pending, head.remaining())];
            head.duplicate().get(bytes);
            transport.pop(bytes.length);
            try {
                out.write(bytes);
            } catch (IOException e) {
                if (!eof) {
                    throw e;
                }
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
