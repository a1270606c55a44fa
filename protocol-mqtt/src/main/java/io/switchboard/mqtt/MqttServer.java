package io.switchboard.mqtt;

import io.netty.channel.EventLoopGroup;
import io.switchboard.router.Router;

/**
 * The MQTT listeners (TCP and WebSocket) of one broker. The broker module owns the event loop groups (shared
 * with other protocols) and the router.
 */
public final class MqttServer implements AutoCloseable {

    public MqttServer(MqttSettings settings, Router router, EventLoopGroup bossGroup, EventLoopGroup workerGroup) {
        throw new UnsupportedOperationException("TODO mqtt helper");
    }

    /** Binds the enabled listeners; throws when a port cannot be bound. */
    public void start() throws InterruptedException {
        throw new UnsupportedOperationException("TODO mqtt helper");
    }

    /** The bound TCP port (useful with port 0), or -1 when disabled. */
    public int port() {
        throw new UnsupportedOperationException("TODO mqtt helper");
    }

    /** The bound WebSocket port, or -1 when disabled. */
    public int websocketPort() {
        throw new UnsupportedOperationException("TODO mqtt helper");
    }

    /** Stops accepting connections; connected sessions are closed by {@link Router#shutdown()}. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO mqtt helper");
    }
}
