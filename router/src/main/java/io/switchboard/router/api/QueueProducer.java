package io.switchboard.router.api;

/**
 * A producer's handle on a named queue (an AMQP sender link), from {@link QueueRef#producer(SessionExecutor)}.
 * Calls come from the producer's executor; messages reach the queue in the order they were sent, in batches.
 */
public interface QueueProducer {
    /** Like {@link QueueRef#send}: the listener is told on the producer's executor when the message may be acknowledged. */
    void send(Message message, PublishListener listener);
}
