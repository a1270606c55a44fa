package io.switchboard.mqtt;

import static io.switchboard.mqtt.RawPackets.CONNACK;
import static io.switchboard.mqtt.RawPackets.PUBLISH;
import static io.switchboard.mqtt.RawPackets.SUBACK;
import static io.switchboard.mqtt.RawPackets.UNSUBACK;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * A blocking MQTT client that writes exactly the bytes it is given and reads whole packets with a deadline.
 * It remembers the protocol level of the last CONNECT it sent, to decode what comes back.
 */
public final class RawClient implements AutoCloseable {
    /** How long a read waits by default: generous for a loaded CI machine, never reached when things work. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int version = RawPackets.V311;
    private RawPacket.Connack lastConnack;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawClient connect(int port) {
        try {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) DEFAULT_TIMEOUT.toMillis());
            return new RawClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
        }
    }

    /** Protocol level used to decode packets: that of the last CONNECT sent. */
    public int version() {
        return version;
    }

    /** Writes the packets (or arbitrary bytes) in order and flushes. */
    public RawClient send(byte[]... chunks) {
        try {
            for (byte[] chunk : chunks) {
                rememberVersion(chunk);
                out.write(chunk);
            }
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("write failed", e);
        }
    }

    /**
     * Like {@link #send}, for bytes the broker may refuse by closing early: returns false when the write
     * failed because the connection is already closed (the caller then checks the close itself).
     */
    public boolean trySend(byte[]... chunks) {
        try {
            for (byte[] chunk : chunks) {
                rememberVersion(chunk);
                out.write(chunk);
            }
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void rememberVersion(byte[] chunk) {
        // CONNECT: 0x10, remaining length (1..4 bytes), protocol name (2 + 4 or 6 bytes), level
        if (chunk.length > 2 && (chunk[0] & 0xFF) == 0x10) {
            int i = 1;
            while ((chunk[i] & 0x80) != 0 && i < 4) {
                i++;
            }
            int nameStart = i + 1;
            if (chunk.length > nameStart + 2) {
                int nameLength = (chunk[nameStart] & 0xFF) << 8 | chunk[nameStart + 1] & 0xFF;
                int levelAt = nameStart + 2 + nameLength;
                if (levelAt < chunk.length) {
                    version = chunk[levelAt];
                }
            }
        }
    }

    /** The next whole packet; fails when none arrives within the default timeout or the connection closes. */
    public RawPacket read() {
        return read(DEFAULT_TIMEOUT);
    }

    public RawPacket read(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            int first = readByte(deadline);
            if (first < 0) {
                throw new AssertionError("connection closed by the broker while waiting for a packet");
            }
            int length = 0;
            int multiplier = 1;
            int b;
            int count = 0;
            do {
                b = readByte(deadline);
                if (b < 0) {
                    throw new AssertionError("connection closed inside a fixed header");
                }
                length += (b & 0x7F) * multiplier;
                multiplier *= 128;
                if (++count > 4) {
                    throw new AssertionError("broker sent a malformed remaining length");
                }
            } while ((b & 0x80) != 0);
            byte[] body = new byte[length];
            int done = 0;
            while (done < length) {
                setTimeout(deadline);
                int n = in.read(body, done, length - done);
                if (n < 0) {
                    throw new AssertionError("connection closed inside a packet body");
                }
                done += n;
            }
            return new RawPacket(first >> 4, first & 0x0F, body);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no packet within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new AssertionError("read failed: " + e, e);
        }
    }

    /**
     * The next packet, or empty when the broker closes the connection first (EOF or reset); fails on timeout.
     * For answers the specification makes optional before a close.
     */
    public Optional<RawPacket> readUnlessClosed() {
        long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
        try {
            in.mark(1);
            int b = readByte(deadline);
            if (b < 0) {
                return Optional.empty();
            }
            in.reset();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("neither a packet nor a close within " + DEFAULT_TIMEOUT.toMillis() + " ms", e);
        } catch (SocketException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new AssertionError("read failed: " + e, e);
        }
        return Optional.of(read());
    }

    /** The next packet, which must be of this type. */
    public RawPacket expect(int type) {
        RawPacket packet = read();
        packet.expectType(type);
        return packet;
    }

    public RawPacket.Connack expectConnack() {
        lastConnack = expect(CONNACK).connack(version);
        return lastConnack;
    }

    /** The last CONNACK read by {@link #expectConnack()}, or null. */
    public RawPacket.Connack lastConnack() {
        return lastConnack;
    }

    public RawPacket.Publish expectPublish() {
        return expect(PUBLISH).publish(version);
    }

    public RawPacket.SubAck expectSuback() {
        return expect(SUBACK).subAck(version);
    }

    public RawPacket.SubAck expectUnsuback() {
        return expect(UNSUBACK).subAck(version);
    }

    public RawPacket.Ack expectAck(int type) {
        return expect(type).ack(version);
    }

    /** Sends CONNECT and expects a successful CONNACK. */
    public RawPacket.Connack connect(int protocolVersion, String clientId, boolean cleanStart) {
        send(RawPackets.connect(protocolVersion, clientId, cleanStart, 60));
        RawPacket.Connack connack = expectConnack();
        if (connack.reasonCode() != 0) {
            throw new AssertionError("CONNACK refused: " + connack);
        }
        return connack;
    }

    /** Sends CONNECT built elsewhere and returns the CONNACK, whatever its code. */
    public RawPacket.Connack connect(byte[] connectPacket) {
        send(connectPacket);
        return expectConnack();
    }

    /** Subscribes one filter and returns the granted QoS / reason code. */
    public int subscribe(int packetId, String filter, int options) {
        send(RawPackets.subscribe(version, packetId, filter, options));
        RawPacket.SubAck suback = expectSuback();
        if (suback.packetId() != packetId) {
            throw new AssertionError("SUBACK for packet id " + suback.packetId() + ", expected " + packetId);
        }
        return suback.reasonCodes()[0];
    }

    /**
     * Waits for the broker to close the connection; fails if a packet arrives first or it stays open. A
     * reset counts as closed.
     */
    public void expectClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            int b = readByte(deadline);
            if (b >= 0) {
                throw new AssertionError("expected the connection to close, but the broker sent data starting 0x"
                        + Integer.toHexString(b));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + timeout.toMillis() + " ms", e);
        } catch (SocketException | EOFException e) {
            return;
        } catch (IOException e) {
            throw new AssertionError("unexpected read failure: " + e, e);
        }
    }

    public void expectClosed() {
        expectClosed(DEFAULT_TIMEOUT);
    }

    private int readByte(long deadline) throws IOException {
        setTimeout(deadline);
        return in.read();
    }

    private void setTimeout(long deadline) throws IOException {
        long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) remainingMillis);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
