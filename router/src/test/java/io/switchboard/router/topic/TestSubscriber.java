package io.switchboard.router.topic;

import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link Subscriber} for router tests, connected or not as the test says. */
public record TestSubscriber(String subscriberId, AtomicBoolean connection) implements Subscriber {

    public static TestSubscriber connected(String id) {
        return new TestSubscriber(id, new AtomicBoolean(true));
    }

    public static TestSubscriber disconnected(String id) {
        return new TestSubscriber(id, new AtomicBoolean(false));
    }

    @Override
    public boolean isConnected() {
        return connection.get();
    }

    public void setConnected(boolean connected) {
        connection.set(connected);
    }
}
