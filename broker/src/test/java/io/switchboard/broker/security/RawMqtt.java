package io.switchboard.broker.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** MQTT 3.1.1 packets as bytes, for clients that misbehave on purpose (never reading, flooding, storming). */
final class RawMqtt {
    private RawMqtt() {
    }

    /** @param socketBuffers send and receive buffer size (small ones make back-pressure quick), 0: default */
    static Socket open(int port, int socketBuffers) throws IOException {
        Socket socket = new Socket();
        if (socketBuffers > 0) {
            socket.setReceiveBufferSize(socketBuffers);
            socket.setSendBufferSize(socketBuffers);
        }
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return socket;
    }

    static byte[] connect(String clientId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(4); // 3.1.1
        body.write(0x02); // clean session
        body.write(0);
        body.write(60);
        writeString(body, clientId);
        return packet(0x10, body.toByteArray());
    }

    static byte[] subscribe(int packetId, String filter, int qos) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >> 8);
        body.write(packetId & 0xff);
        writeString(body, filter);
        body.write(qos);
        return packet(0x82, body.toByteArray());
    }

    static byte[] publish(String topic, byte[] payload, int qos, int packetId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        if (qos > 0) {
            body.write(packetId >> 8);
            body.write(packetId & 0xff);
        }
        body.writeBytes(payload);
        return packet(0x30 | (qos << 1), body.toByteArray());
    }

    /** Reads one packet's fixed header type byte and skips its body; -1 at end of stream. */
    static int readPacket(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return -1;
        }
        int length = 0;
        int multiplier = 1;
        int b;
        do {
            b = in.read();
            if (b < 0) {
                return -1;
            }
            length += (b & 0x7f) * multiplier;
            multiplier *= 128;
        } while ((b & 0x80) != 0);
        in.readNBytes(length);
        return type;
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xff);
        out.writeBytes(bytes);
    }

    private static byte[] packet(int type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 5);
        out.write(type);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }
}
