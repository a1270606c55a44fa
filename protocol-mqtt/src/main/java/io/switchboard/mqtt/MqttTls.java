package io.switchboard.mqtt;

import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The TLS listeners: MQTT over TLS and MQTT over secure WebSocket.
 *
 * @param contexts      the TLS context for each new connection; the broker swaps it when certificates change,
 *                      so new handshakes use the new files while established connections keep theirs
 * @param port          MQTT over TLS (8883), 0 ephemeral, -1 disabled
 * @param websocketPort MQTT over secure WebSocket, 0 ephemeral, -1 disabled
 */
public record MqttTls(Supplier<SslContext> contexts, int port, int websocketPort) {
    public MqttTls {
        Objects.requireNonNull(contexts, "contexts");
    }
}
