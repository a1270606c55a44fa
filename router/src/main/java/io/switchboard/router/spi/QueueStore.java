package io.switchboard.router.spi;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.QueueSpec;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where durable named queues survive a restart: their declaration and their QoS 1/2 messages. Calls come from
 * the queue's own thread; write methods never block (a durable backend group-commits them).
 */
public interface QueueStore {
    /** One stored message of a queue. */
    record QueueEntry(long sequence, Message message, int deliveryCount) {
    }

    void saveQueue(QueueSpec spec);

    /** Removes the queue and all its entries. */
    void removeQueue(String name);

    Collection<QueueSpec> loadQueues();

    /** Adds or replaces the entry with the same sequence. */
    void putEntry(String queue, QueueEntry entry);

    void removeEntry(String queue, long sequence);

    /** The queue's entries in sequence order. */
    List<QueueEntry> loadEntries(String queue);

    /** Completes when every write issued before the call is durable (see {@link SessionStore#sync()}). */
    default CompletableFuture<Void> sync() {
        return CompletableFuture.completedFuture(null);
    }
}
