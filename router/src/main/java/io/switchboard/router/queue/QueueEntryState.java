package io.switchboard.router.queue;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.QueueConsumer;
import java.util.HashSet;
import java.util.Set;

/** A message in a named queue, ready or held by a consumer. Confined to the queue's executor. */
final class QueueEntryState {
    final long sequence;
    final Message message;
    int deliveryCount;
    long tag;
    QueueConsumer holder;
    /** Consumers that said "undeliverable here" (AMQP modified). */
    Set<QueueConsumer> excluded;

    QueueEntryState(long sequence, Message message, int deliveryCount) {
        this.sequence = sequence;
        this.message = message;
        this.deliveryCount = deliveryCount;
    }

    void exclude(QueueConsumer consumer) {
        if (excluded == null) {
            excluded = new HashSet<>(2);
        }
        excluded.add(consumer);
    }
}
