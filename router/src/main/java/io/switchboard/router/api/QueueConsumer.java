package io.switchboard.router.api;

/**
 * A consumer's handle on a named queue (an AMQP receiver link). Calls may come from the consumer's executor
 * only; the queue does its work on its own thread. Settling an unknown or already settled tag does nothing.
 */
public interface QueueConsumer {
    /** The consumer can take {@code credit} more messages (AMQP flow). */
    void addCredit(int credit);

    /** Use the credit for what is ready now, then give the rest up and call {@link QueueSink#drained()}. */
    void drain();

    /** Processed: the message leaves the queue (AMQP accepted). */
    void accept(long tag);

    /** Not processed, back to the queue as it was (AMQP released). */
    void release(long tag);

    /**
     * Not processed (AMQP modified): with {@code deliveryFailed} the delivery count grows; with
     * {@code undeliverableHere} this consumer will not get the message again.
     */
    void modify(long tag, boolean deliveryFailed, boolean undeliverableHere);

    /** Invalid message (AMQP rejected): to the dead-letter queue if there is one, else dropped (counted). */
    void reject(long tag);

    /** The consumer leaves; its unsettled messages return to the queue with their delivery count raised. */
    void detach();
}
