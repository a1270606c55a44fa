package io.switchboard.router.queue;

import io.switchboard.router.api.QueueConsumer;
import io.switchboard.router.api.QueueSink;
import io.switchboard.router.api.SessionExecutor;

/**
 * One consumer attached to a {@link NamedQueue}: its credit and drain request (confined to the queue's executor),
 * and the two hand-overs between the consumer's thread and the queue's, each carrying a batch of work at a time,
 * in order. Every call of the consumer becomes a task of the queue.
 */
final class AttachedConsumer implements QueueConsumer {
    private final NamedQueue queue;
    final QueueSink sink;
    /** The consumer's calls, handed to the queue a batch at a time, in order. */
    private final Handoff toQueue;
    /** Deliveries and drain answers, handed to the consumer's executor a batch at a time, in order. */
    final Handoff toSink;
    int credit;
    boolean drainRequested;

    AttachedConsumer(NamedQueue queue, QueueSink sink, SessionExecutor consumerExecutor,
                     SessionExecutor queueExecutor) {
        this.queue = queue;
        this.sink = sink;
        this.toQueue = new Handoff(consumerExecutor, queueExecutor);
        this.toSink = new Handoff(queueExecutor, consumerExecutor);
    }

    @Override
    public void addCredit(int more) {
        toQueue.add(() -> {
            credit += more;
            queue.dispatch();
        });
    }

    @Override
    public void drain() {
        toQueue.add(() -> {
            drainRequested = true;
            queue.dispatch();
        });
    }

    @Override
    public void accept(long tag) {
        toQueue.add(() -> queue.accepted(this, tag));
    }

    @Override
    public void release(long tag) {
        toQueue.add(() -> queue.released(this, tag));
    }

    @Override
    public void modify(long tag, boolean deliveryFailed, boolean undeliverableHere) {
        toQueue.add(() -> queue.modified(this, tag, deliveryFailed, undeliverableHere));
    }

    @Override
    public void reject(long tag) {
        toQueue.add(() -> queue.rejected(this, tag));
    }

    @Override
    public void detach() {
        toQueue.add(() -> queue.detached(this));
    }
}
