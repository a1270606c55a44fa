package io.switchboard.router;

import io.switchboard.router.api.ConnectRequest;
import io.switchboard.router.api.ConnectResult;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.PublishOutcome;
import io.switchboard.router.api.SessionExecutor;
import io.switchboard.router.spi.RetainedStore;
import io.switchboard.router.spi.SessionStore;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The protocol-neutral core: sessions, subscriptions, retained messages and routing. Adapters open sessions
 * with {@link #connect}; the broker module constructs one router and hands it to every adapter.
 */
public final class Router {

    /**
     * @param settings          per-session limits
     * @param sessionStore      where persistent sessions are kept
     * @param retainedStore     where retained messages are kept
     * @param offlineExecutors  the executor that owns a session while no client is connected, by client id
     *                          (the same client id must always map to the same executor)
     */
    public Router(RouterSettings settings, SessionStore sessionStore, RetainedStore retainedStore,
                  Function<String, SessionExecutor> offlineExecutors) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Opens or resumes the client's session. An existing connection with the same client id is closed with
     * {@code SESSION_TAKEN_OVER} first [MQTT-3.1.4-3]. The result is delivered on {@code request.executor()},
     * possibly before this method returns.
     */
    public void connect(ConnectRequest request, Consumer<ConnectResult> onConnected) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Routes a message the broker itself publishes (wills use this path internally). Thread-safe. */
    public PublishOutcome publish(Message message) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Live statistics, for logs and metrics. */
    public RouterStats stats() {
        throw new UnsupportedOperationException("TODO");
    }

    /** True when a session with this client id exists (connected or not). */
    public boolean hasSession(String clientId) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Closes every connected session with {@code SERVER_SHUTTING_DOWN} and cancels timers. Wills of closed
     * connections are not published (the session's expiry decides on the next start).
     */
    public void shutdown() {
        throw new UnsupportedOperationException("TODO");
    }
}
