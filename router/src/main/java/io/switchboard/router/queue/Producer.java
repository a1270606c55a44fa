package io.switchboard.router.queue;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.PublishListener;
import io.switchboard.router.api.QueueProducer;
import io.switchboard.router.api.SessionExecutor;
import java.util.concurrent.Executor;

/**
 * One producer's handle on a named queue: the messages it sends while its executor is busy reach the queue in
 * one hand-over, and their outcomes come back the same way, so a stream of messages costs two thread hops per
 * batch rather than per message.
 */
final class Producer implements QueueProducer {
    private final NamedQueue queue;
    private final SessionExecutor producerExecutor;
    private final Handoff toQueue;
    private final Executor replies;

    Producer(NamedQueue queue, SessionExecutor queueExecutor, SessionExecutor producerExecutor) {
        this.queue = queue;
        this.producerExecutor = producerExecutor;
        this.toQueue = new Handoff(producerExecutor, queueExecutor);
        this.replies = new Handoff(queueExecutor, producerExecutor)::add;
    }

    @Override
    public void send(Message message, PublishListener listener) {
        toQueue.add(() -> queue.take(message, producerExecutor, replies, listener));
    }
}
