package io.switchboard.mqtt.handler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.switchboard.mqtt.MqttSettings;
import io.switchboard.router.api.TrafficMetrics;
import java.io.ByteArrayOutputStream;

/** One MQTT connection on an {@link EmbeddedChannel} with the production pipeline; bytes in, bytes out. */
final class TestConnection {
    final EmbeddedChannel channel;
    final MqttConnectionHandler handler;

    TestConnection(MqttSettings settings, SessionConnector connector) {
        this(settings, connector, TrafficMetrics.NONE);
    }

    TestConnection(MqttSettings settings, SessionConnector connector, TrafficMetrics metrics) {
        channel = new EmbeddedChannel();
        MqttPipeline.addMqttHandlers(channel.pipeline(), new MqttHandlers(settings, connector, metrics));
        handler = channel.pipeline().get(MqttConnectionHandler.class);
    }

    /** A connector for tests whose packets must be refused before a session is opened. */
    static SessionConnector noRouter() {
        return (request, onConnected) -> {
            throw new AssertionError("the router must not be asked for a session: " + request.clientId());
        };
    }

    Connection connection() {
        return handler.connection();
    }

    void send(byte[]... packets) {
        for (byte[] packet : packets) {
            channel.writeInbound(Unpooled.wrappedBuffer(packet));
        }
        channel.runPendingTasks();
    }

    /** Everything written to the client since the last call, as one byte array. */
    byte[] received() {
        channel.runPendingTasks();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object written;
        while ((written = channel.readOutbound()) != null) {
            ByteBuf buf = (ByteBuf) written;
            try {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                out.writeBytes(bytes);
            } finally {
                buf.release();
            }
        }
        return out.toByteArray();
    }

    String receivedHex() {
        return Bytes.toHex(received());
    }

    boolean isOpen() {
        channel.runPendingTasks();
        return channel.isOpen();
    }

    void close() {
        channel.finishAndReleaseAll();
    }
}
