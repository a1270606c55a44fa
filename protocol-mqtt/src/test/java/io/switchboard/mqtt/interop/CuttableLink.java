package io.switchboard.mqtt.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP relay between a client library and the broker that can be cut like a failing network: client
 * libraries have no API for dying without DISCONNECT, which is what triggers a will. One relay per client.
 */
final class CuttableLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CuttableLink.class);

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    CuttableLink(int targetPort) {
        this.targetPort = targetPort;
        try {
            server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::acceptLoop, "link-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port a client connects to instead of the broker's. */
    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket broker = new Socket();
                broker.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(broker);
                pump(client, broker);
                pump(broker, client);
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                LOG.debug("event=link_closed cause={}", e.toString());
            } finally {
                closeSocket(to);
                closeSocket(from);
            }
        }, "link-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Drops every relayed connection at once, in both directions, without any MQTT packet. */
    void cut() {
        for (Socket s : sockets) {
            closeSocket(s);
        }
        sockets.clear();
    }

    private static void closeSocket(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing a relay socket", e);
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}
