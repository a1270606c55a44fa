package io.switchboard.router.queue;

import io.switchboard.router.Acceptance;
import io.switchboard.router.Route;
import io.switchboard.router.RouterCounters;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.OverflowPolicy;
import io.switchboard.router.api.PublishListener;
import io.switchboard.router.api.PublishOutcome;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.QueueConsumer;
import io.switchboard.router.api.QueueDelivery;
import io.switchboard.router.api.QueueProducer;
import io.switchboard.router.api.QueueRef;
import io.switchboard.router.api.QueueSink;
import io.switchboard.router.api.QueueSpec;
import io.switchboard.router.api.SessionExecutor;
import io.switchboard.router.spi.QueueStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named queue: competing consumers with credit, settlement by tag, redelivery, dead-lettering. Its state is
 * confined to its own executor (a router loop chosen by name); producers and consumers hand work over to it,
 * and deliveries are handed to each consumer's executor.
 */
public final class NamedQueue implements Route, QueueRef {
    private static final Logger log = LoggerFactory.getLogger(NamedQueue.class);

    private final QueueSpec spec;
    private final Queues owner;
    private final SessionExecutor executor;
    private final QueueStore store;
    private final RouterCounters counters;

    private final ArrayDeque<QueueEntryState> ready = new ArrayDeque<>();
    private final Map<Long, QueueEntryState> unacked = new LinkedHashMap<>();
    private final List<AttachedConsumer> consumers = new ArrayList<>();
    private final List<Runnable> roomWaiters = new ArrayList<>();
    private static final int RUN = 16;
    private int nextConsumer;
    private int run;
    private long nextSequence = 1;
    private long nextTag = 1;
    private long bytes;
    private volatile int depth;
    private volatile long volatileBytes;
    /** Creation time of the oldest message, ready or unacknowledged, for readers on other threads; 0 when empty. */
    private volatile long oldestCreatedAt;
    private boolean deleted;

    NamedQueue(QueueSpec spec, Queues owner, SessionExecutor executor, QueueStore store, RouterCounters counters) {
        this.spec = spec;
        this.owner = owner;
        this.executor = executor;
        this.store = store;
        this.counters = counters;
    }

    @Override
    public QueueSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    @Override
    public int depth() {
        return depth;
    }

    @Override
    public long oldestAgeMillis(long nowMillis) {
        long oldest = oldestCreatedAt;
        return oldest == 0 ? 0 : Math.max(0, nowMillis - oldest);
    }

    @Override
    public boolean hasRoom() {
        return depth < spec.maxMessages() && volatileBytes < spec.maxBytes();
    }

    @Override
    public String subscriberId() {
        return "$queue/" + spec.name();
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    private void onQueue(Runnable task) {
        if (executor.inExecutor()) {
            task.run();
        } else {
            executor.execute(task);
        }
    }

    // ------------------------------------------------------------------ producers

    /** A message from a topic binding: the queue's overflow policy applies when it is full. */
    @Override
    public void offer(Message message, Qos qos, boolean retain, int[] subscriptionIds, String shareGroup,
                      String shareFilter, Acceptance acceptance) {
        onQueue(() -> {
            try {
                if (!deleted && !expired(message) && makeRoom(message)) {
                    enqueue(message, 0);
                }
            } finally {
                if (acceptance != null) {
                    acceptance.accepted();
                }
            }
        });
    }

    @Override
    public void send(Message message, SessionExecutor replyOn, PublishListener listener) {
        onQueue(() -> take(message, replyOn, replyOn, listener));
    }

    @Override
    public QueueProducer producer(SessionExecutor producerExecutor) {
        return new Producer(this, executor, producerExecutor);
    }

    /**
     * On the queue's thread: a producer's message. Its outcome goes to the listener through {@code replies}, or
     * straight to {@code replyOn} once a durable message's store commit is done.
     */
    void take(Message message, SessionExecutor replyOn, Executor replies, PublishListener listener) {
        if (deleted || !fits(message.sizeEstimate())) {
            replies.execute(() -> listener.published(PublishOutcome.QUOTA_EXCEEDED));
            return;
        }
        if (!expired(message)) {
            enqueue(message, 0);
        }
        if (durable(message)) {
            store.sync().whenComplete((ok, failure) -> replyOn.execute(() -> listener.published(
                    failure == null ? PublishOutcome.ROUTED : PublishOutcome.NOT_STORED)));
        } else {
            replies.execute(() -> listener.published(PublishOutcome.ROUTED));
        }
    }

    @Override
    public void whenRoom(SessionExecutor waiter, Runnable task) {
        onQueue(() -> {
            if (hasRoom() || deleted) {
                waiter.execute(task);
            } else {
                roomWaiters.add(() -> waiter.execute(task));
            }
        });
    }

    private boolean fits(int size) {
        return depth < spec.maxMessages() && bytes + size <= spec.maxBytes();
    }

    private boolean expired(Message message) {
        if (message.isExpired(System.currentTimeMillis())) {
            counters.expiredDrop();
            return true;
        }
        return false;
    }

    private boolean makeRoom(Message message) {
        int size = message.sizeEstimate();
        if (fits(size)) {
            return true;
        }
        if (spec.overflow() == OverflowPolicy.DROP_OLDEST) {
            while (!fits(size) && !ready.isEmpty()) {
                QueueEntryState oldest = ready.pollFirst();
                removed(oldest);
                dropped(oldest.message, "queue_full_drop_oldest");
            }
            if (fits(size)) {
                return true;
            }
        }
        dropped(message, "queue_full_drop_new");
        return false;
    }

    private void dropped(Message message, String reason) {
        counters.queueFullDrop();
        log.warn("delivery.dropped reason={} queue={} topic={}", reason, spec.name(), message.topic());
    }

    private boolean durable(Message message) {
        return spec.durable() && message.qos() != Qos.AT_MOST_ONCE;
    }

    void enqueue(Message message, int deliveryCount) {
        QueueEntryState entry = new QueueEntryState(nextSequence++, message, deliveryCount);
        ready.addLast(entry);
        added(entry);
        persist(entry);
        dispatch();
    }

    /** Entries loaded from the store at start-up, in sequence order. */
    void restoreAll(List<QueueStore.QueueEntry> stored) {
        onQueue(() -> {
            for (QueueStore.QueueEntry e : stored) {
                QueueEntryState entry = new QueueEntryState(e.sequence(), e.message(), e.deliveryCount());
                nextSequence = Math.max(nextSequence, e.sequence() + 1);
                ready.addLast(entry);
                added(entry);
            }
            if (!stored.isEmpty()) {
                log.info("queue.recovered name={} messages={}", spec.name(), stored.size());
            }
        });
    }

    /** A rejected message from another queue: kept whatever the limits say, so rejection never loses it. */
    void offerDeadLetter(Message message, int deliveryCount) {
        onQueue(() -> {
            if (!deleted) {
                enqueue(message, deliveryCount);
            }
        });
    }

    private void added(QueueEntryState entry) {
        bytes += entry.message.sizeEstimate();
        volatileBytes = bytes;
        depth++;
        long created = entry.message.createdAtMillis();
        if (oldestCreatedAt == 0 || (created > 0 && created < oldestCreatedAt)) {
            oldestCreatedAt = created;
        }
    }

    private void removed(QueueEntryState entry) {
        bytes -= entry.message.sizeEstimate();
        volatileBytes = bytes;
        depth--;
        if (entry.message.createdAtMillis() <= oldestCreatedAt) {
            refreshOldest();
        }
        unpersist(entry);
    }

    /** The oldest of the head of the ready messages and the first unacknowledged one (both in arrival order). */
    private void refreshOldest() {
        QueueEntryState head = ready.peekFirst();
        long oldest = head == null ? 0 : head.message.createdAtMillis();
        if (!unacked.isEmpty()) {
            long held = unacked.values().iterator().next().message.createdAtMillis();
            oldest = oldest == 0 ? held : Math.min(oldest, held);
        }
        oldestCreatedAt = oldest;
    }

    private void persist(QueueEntryState entry) {
        if (durable(entry.message)) {
            store.putEntry(spec.name(), new QueueStore.QueueEntry(entry.sequence, entry.message, entry.deliveryCount));
        }
    }

    private void unpersist(QueueEntryState entry) {
        if (durable(entry.message)) {
            store.removeEntry(spec.name(), entry.sequence);
        }
    }

    // ------------------------------------------------------------------ consumers

    @Override
    public QueueConsumer attach(QueueSink sink, SessionExecutor consumerExecutor) {
        AttachedConsumer consumer = new AttachedConsumer(this, sink, consumerExecutor, executor);
        onQueue(() -> {
            if (!deleted) {
                consumers.add(consumer);
            }
        });
        return consumer;
    }

    void dispatch() {
        if (!consumers.isEmpty()) {
            for (Iterator<QueueEntryState> it = ready.iterator(); it.hasNext(); ) {
                QueueEntryState entry = it.next();
                if (entry.message.isExpired(System.currentTimeMillis())) {
                    it.remove();
                    removed(entry);
                    counters.expiredDrop();
                    continue;
                }
                AttachedConsumer consumer = pickConsumer(entry);
                if (consumer == null) {
                    if (!anyCredit()) {
                        break;
                    }
                    continue; // this entry is undeliverable to every consumer with credit; try the next
                }
                it.remove();
                consumer.credit--;
                entry.tag = nextTag++;
                entry.holder = consumer;
                unacked.put(entry.tag, entry);
                QueueDelivery delivery = new QueueDelivery(entry.tag, entry.message, entry.deliveryCount);
                consumer.toSink.add(() -> consumer.sink.deliver(delivery));
            }
        }
        for (AttachedConsumer consumer : consumers) {
            if (consumer.drainRequested) {
                consumer.drainRequested = false;
                consumer.credit = 0;
                consumer.toSink.add(consumer.sink::drained);
            }
        }
        if (!roomWaiters.isEmpty() && hasRoom()) {
            List<Runnable> waiting = List.copyOf(roomWaiters);
            roomWaiters.clear();
            waiting.forEach(Runnable::run);
        }
    }

    private boolean anyCredit() {
        for (AttachedConsumer c : consumers) {
            if (c.credit > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Round robin over the consumers with credit, in runs of up to {@value #RUN} entries per consumer: a run
     * reaches its connection in one hand-over and one write, instead of one message per consumer in turn.
     */
    private AttachedConsumer pickConsumer(QueueEntryState entry) {
        int n = consumers.size();
        if (run > 0 && run < RUN && n > 0) {
            AttachedConsumer last = consumers.get((nextConsumer + n - 1) % n);
            if (last.credit > 0 && (entry.excluded == null || !entry.excluded.contains(last))) {
                run++;
                return last;
            }
        }
        for (int i = 0; i < n; i++) {
            AttachedConsumer c = consumers.get((nextConsumer + i) % n);
            if (c.credit > 0 && (entry.excluded == null || !entry.excluded.contains(c))) {
                nextConsumer = (nextConsumer + i + 1) % n;
                run = 1;
                return c;
            }
        }
        return null;
    }

    private QueueEntryState settle(AttachedConsumer consumer, long tag) {
        QueueEntryState entry = unacked.get(tag);
        if (entry == null || entry.holder != consumer) {
            return null;
        }
        unacked.remove(tag);
        entry.holder = null;
        return entry;
    }

    private void returnToHead(QueueEntryState entry) {
        ready.addFirst(entry);
    }

    /** Deletes the queue: consumers get nothing more, stored entries are removed. */
    void delete() {
        onQueue(() -> {
            deleted = true;
            consumers.clear();
            ready.clear();
            unacked.clear();
            depth = 0;
            bytes = 0;
            volatileBytes = 0;
            oldestCreatedAt = 0;
            if (spec.durable()) {
                store.removeQueue(spec.name());
            }
            roomWaiters.forEach(Runnable::run);
            roomWaiters.clear();
        });
    }

    // ------------------------------------------------------------------ a consumer's calls, on the queue's executor

    void accepted(AttachedConsumer consumer, long tag) {
        QueueEntryState entry = settle(consumer, tag);
        if (entry != null) {
            removed(entry);
            dispatch();
        }
    }

    void released(AttachedConsumer consumer, long tag) {
        QueueEntryState entry = settle(consumer, tag);
        if (entry != null) {
            returnToHead(entry);
            dispatch();
        }
    }

    void modified(AttachedConsumer consumer, long tag, boolean deliveryFailed, boolean undeliverableHere) {
        QueueEntryState entry = settle(consumer, tag);
        if (entry == null) {
            return;
        }
        if (deliveryFailed) {
            entry.deliveryCount++;
            persist(entry);
        }
        if (undeliverableHere) {
            entry.exclude(consumer);
        }
        returnToHead(entry);
        dispatch();
    }

    void rejected(AttachedConsumer consumer, long tag) {
        QueueEntryState entry = settle(consumer, tag);
        if (entry == null) {
            return;
        }
        removed(entry);
        String dlq = spec.deadLetterQueue();
        if (dlq != null) {
            owner.deadLetter(dlq, entry.message, entry.deliveryCount + 1);
        } else {
            counters.rejectedDrop();
            log.info("delivery.dropped reason=rejected queue={} topic={}", spec.name(), entry.message.topic());
        }
        dispatch();
    }

    /** The consumer's unacknowledged messages go back to the head, in order, with their delivery count raised. */
    void detached(AttachedConsumer consumer) {
        if (!consumers.remove(consumer)) {
            return;
        }
        List<QueueEntryState> held = new ArrayList<>();
        for (Iterator<QueueEntryState> it = unacked.values().iterator(); it.hasNext(); ) {
            QueueEntryState entry = it.next();
            if (entry.holder == consumer) {
                it.remove();
                entry.holder = null;
                entry.deliveryCount++;
                persist(entry);
                held.add(entry);
            }
        }
        for (int i = held.size() - 1; i >= 0; i--) {
            returnToHead(held.get(i));
        }
        if (consumers.isEmpty() && spec.autoDelete()) {
            owner.delete(spec.name());
            return;
        }
        dispatch();
    }
}
