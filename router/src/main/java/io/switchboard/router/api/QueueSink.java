package io.switchboard.router.api;

/** What a queue calls on its consumer's adapter, always on the consumer's executor. */
public interface QueueSink {
    /** Send one message; it consumed one unit of credit. */
    void deliver(QueueDelivery delivery);

    /** A drain request finished: the queue had nothing more, and the remaining credit is now zero. */
    void drained();
}
