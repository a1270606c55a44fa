package io.switchboard.amqp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Transport;

/**
 * A small blocking AMQP client on proton-j's engine (the same pump as the server, over a plain socket): the
 * proton-j client stack of the interop suite, and a way to get a connection into a state before raw bytes.
 */
public final class ProtonClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicLong TAGS = new AtomicLong();

    public final Socket socket;
    public final Transport transport = Proton.transport();
    public final Connection connection = Proton.connection();
    private final InputStream in;
    private final OutputStream out;
    private boolean eof;
    private long bytesRead;

    /** Connects with SASL ANONYMOUS (user null) or PLAIN. Call {@link #open()} to send OPEN. */
    public ProtonClient(int port, String user, String password) throws IOException {
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

    public static ProtonClient opened(int port) throws IOException {
        ProtonClient client = new ProtonClient(port, null, null);
        client.open();
        return client;
    }

    public void open() throws IOException {
        connection.open();
        pumpUntil(() -> connection.getRemoteState() != org.apache.qpid.proton.engine.EndpointState.UNINITIALIZED
                || eof);
    }

    /** Bytes received from the server so far. */
    public long bytesRead() {
        return bytesRead;
    }

    public boolean eof() {
        return eof;
    }

    /** Writes raw bytes on the socket, bypassing the engine. */
    public void writeRaw(byte[] bytes) throws IOException {
        flushOut();
        out.write(bytes);
        out.flush();
    }

    /** Moves bytes both ways until the condition holds; fails after {@link #TIMEOUT}. */
    public void pumpUntil(BooleanSupplier condition) throws IOException {
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

    /** Writes what is pending and reads what arrives within the socket's short read timeout. */
    public void pumpOnce() throws IOException {
        flushOut();
        byte[] buffer = new byte[64 * 1024];
        try {
            int n = in.read(buffer);
            if (n < 0) {
                eof = true;
                transport.close_tail();
            } else {
                feed(buffer, n);
            }
        } catch (SocketTimeoutException e) {
            return; // nothing arrived in this round
        }
        flushOut();
    }

    /** Reads until the server closes the socket, feeding the engine; fails after {@link #TIMEOUT}. */
    public void pumpUntilEof() throws IOException {
        pumpUntil(() -> eof);
    }

    private void feed(byte[] bytes, int length) {
        bytesRead += length;
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

    public static Receiver receiver(Session session, String address) {
        Receiver receiver = session.receiver("r-" + address);
        Source source = new Source();
        source.setAddress(address);
        receiver.setSource(source);
        receiver.setTarget(new Target());
        receiver.open();
        return receiver;
    }

    public static Sender sender(Session session, String address, SenderSettleMode mode) {
        Sender sender = session.sender("s-" + address);
        Target target = new Target();
        target.setAddress(address);
        sender.setTarget(target);
        sender.setSource(new Source());
        sender.setSenderSettleMode(mode);
        sender.open();
        return sender;
    }

    public static void send(Sender sender, String text) {
        Message message = Proton.message();
        message.setBody(new AmqpValue(text));
        send(sender, message);
    }

    /** Sends a message; settles it at once on a pre-settled link. */
    public static void send(Sender sender, Message message) {
        byte[] encoded = io.switchboard.amqp.AmqpMessages.encode(message);
        Delivery delivery = sender.delivery(ByteBuffer.allocate(8).putLong(TAGS.incrementAndGet()).array());
        sender.send(encoded, 0, encoded.length);
        sender.advance();
        if (sender.getSenderSettleMode() == SenderSettleMode.SETTLED) {
            delivery.settle();
        }
    }

    /** Reads every complete delivery into {@code into} (payload as text); always true, for use in conditions. */
    public static boolean drain(Receiver receiver, List<String> into) {
        Delivery d;
        while ((d = receiver.current()) != null && d.isReadable() && !d.isPartial()) {
            byte[] bytes = new byte[d.pending()];
            receiver.recv(bytes, 0, bytes.length);
            receiver.advance();
            Message message = Proton.message();
            message.decode(bytes, 0, bytes.length);
            Binary body = ((Data) message.getBody()).getValue();
            into.add(new String(body.getArray(), body.getArrayOffset(), body.getLength(), StandardCharsets.UTF_8));
            d.settle();
        }
        return true;
    }
}
