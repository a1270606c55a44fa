package io.switchboard.amqp;

import io.switchboard.router.api.ConnectRequest;
import io.switchboard.router.api.ConnectResult;
import java.util.function.Consumer;

/** Opens a router session for a connection ({@code Router::connect} in production). */
@FunctionalInterface
public interface SessionConnector {
    void connect(ConnectRequest request, Consumer<ConnectResult> onConnected);
}
