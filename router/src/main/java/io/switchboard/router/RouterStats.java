package io.switchboard.router;

/** Read-only view of router counters; all values are thread-safe reads. */
public interface RouterStats {
    int connectedSessions();

    int sessions();

    int subscriptions();

    int retainedMessages();

    long messagesRouted();

    /** Messages dropped because a session queue was full (by any overflow policy). */
    long droppedQueueFull();

    /** Messages discarded because they expired before delivery. */
    long droppedExpired();

    /** Publishes that matched no subscription. */
    long noMatchingSubscribers();

    /** Messages a queue consumer rejected with no dead-letter queue to take them. */
    long droppedRejected();

    /** Durable publishes refused because the store reached its maximum size. */
    long refusedStoreFull();
}
