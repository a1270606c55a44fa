package io.switchboard.amqp;

import io.switchboard.router.api.BrokerSession;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.PublishListener;
import io.switchboard.router.api.PublishOutcome;
import io.switchboard.router.api.QueueProducer;
import io.switchboard.router.api.QueueRef;
import io.switchboard.router.api.SessionExecutor;

/** Where a publishing link's messages go: a topic (through the router session) or a named queue. */
interface PublishTarget {
    /** The topic, or the queue's name, that messages on this link carry. */
    String name();

    /** Routes a message; the listener is told on the connection's executor when it may be acknowledged. */
    void publish(Message message, PublishListener listener);

    /** Routes a pre-settled message; nobody waits for the outcome. */
    void publishSettled(Message message);

    /** True while the destination can take more (credit is granted only then). */
    boolean hasRoom();

    /** How many more messages the destination can take now, roughly (the credit granted is bounded by it). */
    int room();

    /** Runs the task on the connection's executor once the destination has room again. */
    void whenRoom(Runnable task);

    static PublishTarget topic(String topic, BrokerSession session) {
        return new PublishTarget() {
            @Override
            public String name() {
                return topic;
            }

            @Override
            public void publish(Message message, PublishListener listener) {
                session.publish(message, listener);
            }

            @Override
            public void publishSettled(Message message) {
                session.publish(message);
            }

            @Override
            public boolean hasRoom() {
                return true;
            }

            @Override
            public int room() {
                return Integer.MAX_VALUE;
            }

            @Override
            public void whenRoom(Runnable task) {
                task.run();
            }
        };
    }

    static PublishTarget queue(QueueRef queue, SessionExecutor executor) {
        QueueProducer producer = queue.producer(executor);
        return new PublishTarget() {
            @Override
            public String name() {
                return queue.spec().name();
            }

            @Override
            public void publish(Message message, PublishListener listener) {
                producer.send(message, listener);
            }

            @Override
            public void publishSettled(Message message) {
                producer.send(message, PublishTarget::ignore);
            }

            @Override
            public boolean hasRoom() {
                return queue.hasRoom();
            }

            @Override
            public int room() {
                return Math.max(0, queue.spec().maxMessages() - queue.depth());
            }

            @Override
            public void whenRoom(Runnable task) {
                queue.whenRoom(executor, task);
            }
        };
    }

    /** A pre-settled message's outcome: a refusal was already counted and logged by the queue. */
    private static void ignore(PublishOutcome outcome) {
        // nothing to settle: the sender settled the transfer itself
    }
}
