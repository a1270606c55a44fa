package io.switchboard.amqp;

import io.netty.handler.ssl.SslContext;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The AMQPS listener.
 *
 * @param contexts the TLS context for each new connection; the broker swaps it when certificates change, so new
 *                 handshakes use the new files while established connections keep theirs
 * @param port     AMQP over TLS (5671), 0 ephemeral, -1 disabled
 */
public record AmqpTls(Supplier<SslContext> contexts, int port) {
    public AmqpTls {
        Objects.requireNonNull(contexts, "contexts");
    }
}
