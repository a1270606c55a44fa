package io.switchboard.router.api;

/** A named queue as adapters see it. Thread-safe. */
public interface QueueRef {
    QueueSpec spec();

    /** Messages ready or unacknowledged. */
    int depth();

    /** Age of the oldest message, ready or unacknowledged (as of its last change), in ms; 0 when empty. */
    long oldestAgeMillis(long nowMillis);

    /** True when the queue can take at least one more message from a producer. */
    boolean hasRoom();

    /**
     * Runs {@code task} on {@code executor} once the queue has room again (at once if it has room now). A
     * producer that ran out of credit waits with this before granting more (AMQP credit propagated backwards).
     */
    void whenRoom(SessionExecutor executor, Runnable task);

    /**
     * Puts a message in the queue and tells the listener on {@code replyOn} when it may be acknowledged (after
     * the store commit for a durable queue and a QoS 1/2 message). A full queue answers {@code QUOTA_EXCEEDED}.
     */
    void send(Message message, SessionExecutor replyOn, PublishListener listener);

    /**
     * A handle for one producer on {@code executor}: what it sends while that executor is busy is handed to the
     * queue in one go, and the outcomes come back the same way (fewer thread hops than {@link #send} per message).
     */
    QueueProducer producer(SessionExecutor executor);

    /** Attaches a consumer whose sink is called on {@code executor}; it starts with no credit. */
    QueueConsumer attach(QueueSink sink, SessionExecutor executor);
}
