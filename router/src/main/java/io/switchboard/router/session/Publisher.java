package io.switchboard.router.session;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.PublishListener;
import io.switchboard.router.api.PublishOutcome;
import io.switchboard.router.api.SessionExecutor;

/** Routing as sessions see it: the router implements it. */
public interface Publisher {
    /** Routes at once; the outcome does not wait for storage. Thread-safe. */
    PublishOutcome publish(Message message);

    /**
     * Routes the message and tells the listener, on {@code replyOn}, when it may be acknowledged: at once for a
     * volatile message, after the store commit that holds it and every queue entry it created for a durable one.
     */
    void publish(Message message, SessionExecutor replyOn, PublishListener listener);
}
