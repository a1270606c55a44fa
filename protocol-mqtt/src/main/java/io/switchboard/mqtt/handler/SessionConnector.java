package io.switchboard.mqtt.handler;

import io.switchboard.router.api.ConnectRequest;
import io.switchboard.router.api.ConnectResult;
import java.util.function.Consumer;

/** Opens router sessions: {@code router::connect} in the broker (see {@code Router#connect}). */
@FunctionalInterface
public interface SessionConnector {
    void connect(ConnectRequest request, Consumer<ConnectResult> onConnected);
}
