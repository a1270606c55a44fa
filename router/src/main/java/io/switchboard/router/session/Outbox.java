package io.switchboard.router.session;

import io.switchboard.router.Acceptance;
import io.switchboard.router.api.Delivery;
import io.switchboard.router.api.DeliverySink;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.OverflowPolicy;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.QueueLimits;
import io.switchboard.router.spi.StoredDelivery;
import java.util.ArrayDeque;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's delivery engine: the bounded queue of messages waiting to be sent, the window of messages in
 * flight (sent, not yet acknowledged), the publishers' acknowledgements held back while a connected client's
 * queue is over its limit (overflow policy {@code BACKPRESSURE}), and the store entries that make the queue
 * survive a restart. Confined to the owning session's executor, like the session itself.
 */
final class Outbox {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    /** What the engine needs from its session. */
    interface Owner {
        String clientId();

        /** Whether queue entries go to the store (the session outlives its connection). */
        boolean persistent();

        /** The queue overflowed under policy {@code DISCONNECT}: the client must be disconnected (0x97). */
        void quotaExceeded();
    }

    /** Hands a share-group message to another member of its group; false when there is none. */
    interface Redispatcher {
        boolean redispatch(PendingDelivery d);
    }

    private final Owner owner;
    private final SessionContext ctx;
    private final OutboundQueue queue;
    private final Inflight inflight = new Inflight();
    /** Created on first use: most sessions never hold a publisher back. */
    private ArrayDeque<Acceptance> heldAcceptances;
    private DeliverySink sink;
    private boolean resumePending;
    private boolean writable = true;
    private int receiveMaximum = 65_535;
    private long nextSequence = 1;
    /** The session's own queue bounds (its user's), 0 for the router's settings. */
    private int maxMessages;
    private long maxBytes;
    private long drops;

    Outbox(Owner owner, SessionContext ctx) {
        this.owner = owner;
        this.ctx = ctx;
        this.queue = new OutboundQueue(ctx.counters().queuedBytes);
    }

    boolean connected() {
        return sink != null;
    }

    // ---------------------------------------------------------------- taking messages in

    /** Sends the message now if the window allows, else queues it; true when the acceptance is held back. */
    boolean take(Message message, Qos qos, boolean retain, int[] subscriptionIds, String shareGroup,
                 String shareFilter, Acceptance acceptance) {
        PendingDelivery d = new PendingDelivery(nextSequence++, message, qos, retain, subscriptionIds, shareGroup,
                shareFilter);
        if (sink != null && queue.isEmpty() && canSend(qos)) {
            send(d);
            return false;
        }
        return enqueue(d, acceptance);
    }

    private boolean canSend(Qos qos) {
        return !resumePending && writable && (qos == Qos.AT_MOST_ONCE || inflight.size() < receiveMaximum);
    }

    private void send(PendingDelivery d) {
        if (d.qos != Qos.AT_MOST_ONCE) {
            inflight.add(d);
            persist(d);
        }
        Delivery delivery = d.toDelivery();
        d.sent = true;
        sink.deliver(delivery);
    }

    /**
     * Queues a delivery, applying the overflow policy when the queue is full. Under {@code BACKPRESSURE} a QoS 1/2
     * message whose publisher waits for its acknowledgement while this client is connected is queued over the
     * limit and the acknowledgement is held until the queue drains (the publisher's in-flight window then stops
     * it), so an acknowledged message is never dropped for a slow subscriber. Returns true when it holds the
     * acceptance.
     */
    private boolean enqueue(PendingDelivery d, Acceptance acceptance) {
        int size = d.sizeEstimate();
        if (wouldOverflow(size)) {
            OverflowPolicy policy = ctx.settings().overflowPolicy();
            if (policy == OverflowPolicy.BACKPRESSURE && acceptance != null && sink != null
                    && d.qos != Qos.AT_MOST_ONCE) {
                queue.addLast(d);
                persist(d);
                if (heldAcceptances == null) {
                    heldAcceptances = new ArrayDeque<>();
                }
                heldAcceptances.addLast(acceptance);
                return true;
            }
            if (policy == OverflowPolicy.DROP_OLDEST || policy == OverflowPolicy.BACKPRESSURE) {
                while (!queue.isEmpty() && wouldOverflow(size)) {
                    PendingDelivery oldest = queue.pollFirst();
                    unpersist(oldest);
                    dropped(oldest, "queue_full_drop_oldest");
                }
            } else {
                dropped(d, policy == OverflowPolicy.DROP_NEW ? "queue_full_drop_new" : "queue_full_disconnect");
                if (policy == OverflowPolicy.DISCONNECT && sink != null) {
                    owner.quotaExceeded();
                }
                return false;
            }
        }
        queue.addLast(d);
        persist(d);
        return false;
    }

    /** Lets held publishers go once the queue is back within its limits, or when nobody drains it any more. */
    private void releaseHeldAcceptances(boolean all) {
        if (heldAcceptances == null || heldAcceptances.isEmpty()) {
            return;
        }
        if (all || !wouldOverflow(0)) {
            Acceptance a;
            while ((a = heldAcceptances.pollFirst()) != null) {
                a.accepted();
            }
        }
    }

    /** True when one more entry of this size would break the session's queue bounds. */
    private boolean wouldOverflow(int entryBytes) {
        var settings = ctx.settings();
        return queue.wouldOverflow(entryBytes, maxMessages > 0 ? maxMessages : settings.maxQueuedMessages(),
                maxBytes > 0 ? maxBytes : settings.maxQueuedBytes());
    }

    private void dropped(PendingDelivery d, String reason) {
        ctx.counters().queueFullDrop();
        drops++;
        if (drops == 1 || drops % 1000 == 0) {
            log.warn("delivery.dropped reason={} client={} topic={} qos={} dropped_total={}", reason,
                    owner.clientId(), d.message.topic(), d.qos.level(), drops);
        }
    }

    /** Sends queued messages while the window allows, dropping the expired ones on the way. */
    private void drain() {
        PendingDelivery d;
        while (sink != null && (d = queue.peekFirst()) != null) {
            if (d.message.isExpired(ctx.now())) {
                queue.pollFirst();
                unpersist(d);
                ctx.counters().expiredDrop();
                continue;
            }
            if (!canSend(d.qos)) {
                break;
            }
            queue.pollFirst();
            send(d);
        }
        releaseHeldAcceptances(false);
    }

    // ---------------------------------------------------------------- acknowledgements

    boolean acknowledged(int deliveryId) {
        PendingDelivery d = inflight.remove(deliveryId);
        if (d == null) {
            return false;
        }
        unpersist(d);
        drain();
        return true;
    }

    boolean received(int deliveryId) {
        PendingDelivery d = inflight.get(deliveryId);
        if (d == null || d.qos != Qos.EXACTLY_ONCE) {
            return false;
        }
        if (!d.released) {
            d.released = true;
            persist(d);
        }
        return true;
    }

    void writabilityChanged(boolean isWritable) {
        writable = isWritable;
        if (isWritable) {
            drain();
        }
    }

    // ---------------------------------------------------------------- connection lifecycle

    /** A connection attached; nothing is sent until {@link #resume()} (after the client got its CONNACK). */
    void attach(DeliverySink newSink, int newReceiveMaximum, QueueLimits limits) {
        maxMessages = limits == null ? 0 : limits.maxMessages();
        maxBytes = limits == null ? 0 : limits.maxBytes();
        sink = newSink;
        receiveMaximum = newReceiveMaximum;
        writable = true;
        resumePending = true;
    }

    /** Resends what was in flight [MQTT-4.4.0-1], then drains the queue. */
    void resume() {
        resumePending = false;
        for (PendingDelivery d : inflight) {
            if (sink == null) {
                return;
            }
            if (d.released) {
                sink.resendRelease(d.deliveryId);
            } else {
                Delivery delivery = d.toDelivery();
                d.sent = true;
                sink.deliver(delivery);
            }
        }
        drain();
    }

    /** The connection is gone: publishers must not wait for this client any more. */
    void detach() {
        sink = null;
        resumePending = false;
        releaseHeldAcceptances(true);
    }

    /** Forgets every queued and in-flight message (clean start, session end). */
    void clear() {
        releaseHeldAcceptances(true);
        queue.clear();
        inflight.clear();
    }

    /** Gives the unacknowledged messages this member got through share groups to other members. */
    void redispatchShared(Redispatcher redispatcher) {
        for (Iterator<PendingDelivery> it = queue.iterator(); it.hasNext(); ) {
            PendingDelivery d = it.next();
            if (d.shareGroup != null && redispatcher.redispatch(d)) {
                it.remove();
                unpersist(d);
            }
        }
        for (Iterator<PendingDelivery> it = inflight.iterator(); it.hasNext(); ) {
            PendingDelivery d = it.next();
            if (d.shareGroup != null && !d.released && redispatcher.redispatch(d)) {
                it.remove();
                unpersist(d);
            }
        }
    }

    // ---------------------------------------------------------------- store

    private void persist(PendingDelivery d) {
        if (owner.persistent() && d.qos != Qos.AT_MOST_ONCE) {
            ctx.store().putDelivery(owner.clientId(), d.toStored());
        }
    }

    private void unpersist(PendingDelivery d) {
        if (owner.persistent() && d.qos != Qos.AT_MOST_ONCE) {
            ctx.store().removeDelivery(owner.clientId(), d.sequence);
        }
    }

    /** Puts a stored delivery back where it was: in flight if it had a delivery id, else queued. */
    void restore(StoredDelivery stored) {
        PendingDelivery d = PendingDelivery.restore(stored);
        nextSequence = Math.max(nextSequence, d.sequence + 1);
        if (d.deliveryId != 0) {
            inflight.restore(d);
        } else {
            queue.addLast(d);
        }
    }

    // ---------------------------------------------------------------- inspection

    int queuedMessages() {
        return queue.size();
    }

    long queuedBytes() {
        return queue.bytes();
    }

    int inflightCount() {
        return inflight.size();
    }

    long drops() {
        return drops;
    }

    /** Visible queue size from any thread, without stopping the session. */
    int visibleQueuedMessages() {
        return queue.visibleSize();
    }

    long visibleOldestCreatedAt() {
        return queue.visibleOldestCreatedAt();
    }
}
