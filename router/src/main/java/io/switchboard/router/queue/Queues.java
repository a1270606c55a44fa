package io.switchboard.router.queue;

import io.switchboard.router.RouterCounters;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.QueueRef;
import io.switchboard.router.api.QueueSpec;
import io.switchboard.router.api.SessionExecutor;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.TopicFilter;
import io.switchboard.router.spi.QueueStore;
import io.switchboard.router.topic.TopicTree;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every named queue of the broker by name. Declaring a queue binds it to its topic filters in the topic tree,
 * so a publish reaches it exactly once, like any other destination.
 */
public final class Queues {
    private static final Logger log = LoggerFactory.getLogger(Queues.class);

    private final ConcurrentHashMap<String, NamedQueue> byName = new ConcurrentHashMap<>();
    private final TopicTree topics;
    private final QueueStore store;
    private final RouterCounters counters;
    private final Function<String, SessionExecutor> executors;
    private final boolean onDemandDurable;

    /**
     * @param onDemandDurable whether queues created on first use are durable (the broker's default durability
     *                        is not volatile)
     */
    public Queues(TopicTree topics, QueueStore store, RouterCounters counters,
                  Function<String, SessionExecutor> executors, boolean onDemandDurable) {
        this.topics = topics;
        this.store = store;
        this.counters = counters;
        this.executors = executors;
        this.onDemandDurable = onDemandDurable;
    }

    /**
     * Declares a queue, or returns the existing one of that name unchanged (its first declaration wins).
     *
     * @throws IllegalArgumentException when a binding is not a valid, non-shared topic filter
     */
    public QueueRef declare(QueueSpec spec) {
        List<TopicFilter> filters = new ArrayList<>();
        for (String binding : spec.bindings()) {
            TopicFilter filter = TopicFilter.parse(binding);
            if (filter.isShared()) {
                throw new IllegalArgumentException("queue " + spec.name() + ": binding " + binding + " is shared");
            }
            filters.add(filter);
        }
        boolean[] created = new boolean[1];
        NamedQueue queue = byName.computeIfAbsent(spec.name(), name -> {
            created[0] = true;
            return new NamedQueue(spec, this, executors.apply("$queue/" + name), store, counters);
        });
        if (created[0]) {
            if (spec.durable()) {
                store.saveQueue(spec);
            }
            bind(queue, filters);
            log.info("queue.declared name={} durable={} bindings={}", spec.name(), spec.durable(), spec.bindings());
        }
        return queue;
    }

    private void bind(NamedQueue queue, List<TopicFilter> filters) {
        for (TopicFilter filter : filters) {
            topics.subscribe(queue, filter, SubscriptionOptions.of(Qos.EXACTLY_ONCE));
        }
    }

    /** The queue of that name, or null. */
    public QueueRef lookup(String name) {
        return byName.get(name);
    }

    /**
     * The queue of that name, created on first use when missing: default limits, no bindings, durable when the
     * broker's default durability is not volatile.
     */
    public QueueRef lookupOrCreate(String name) {
        NamedQueue existing = byName.get(name);
        return existing != null ? existing : declare(QueueSpec.onDemand(name).withDurable(onDemandDurable));
    }

    /** Deletes a queue with its bindings and stored messages; false when there was none. */
    public boolean delete(String name) {
        NamedQueue queue = byName.remove(name);
        if (queue == null) {
            return false;
        }
        for (String binding : queue.spec().bindings()) {
            topics.unsubscribe(queue, TopicFilter.parse(binding));
        }
        queue.delete();
        log.info("queue.deleted name={}", name);
        return true;
    }

    /** Every queue, by name. */
    public List<QueueRef> list() {
        List<QueueRef> all = new ArrayList<>(byName.values());
        all.sort(Comparator.comparing(q -> q.spec().name()));
        return all;
    }

    public int size() {
        return byName.size();
    }

    void deadLetter(String queueName, Message message, int deliveryCount) {
        NamedQueue dlq = (NamedQueue) lookupOrCreate(queueName);
        dlq.offerDeadLetter(message, deliveryCount);
    }

    /**
     * Rebuilds durable queues and their messages from the store; runs before any client connects. A queue
     * declared before (from the config) keeps that declaration and gets the stored messages.
     */
    public void recover() {
        for (QueueSpec spec : store.loadQueues()) {
            NamedQueue queue = (NamedQueue) declare(spec);
            List<QueueStore.QueueEntry> entries = store.loadEntries(spec.name());
            queue.restoreAll(entries);
            if (!queue.spec().durable()) {
                // declared non-durable (in config) since it was stored: its messages now live in memory only
                store.removeQueue(spec.name());
                log.info("queue.no_longer_durable name={} messages={}", spec.name(), entries.size());
            }
        }
    }
}
