package io.switchboard.router.session;

import io.switchboard.router.Acceptance;
import io.switchboard.router.Route;
import io.switchboard.router.api.ConnectRequest;
import io.switchboard.router.api.ConnectResult;
import io.switchboard.router.api.Delivery;
import io.switchboard.router.api.DeliverySink;
import io.switchboard.router.api.DisconnectReason;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.RetainHandling;
import io.switchboard.router.api.SessionExecutor;
import io.switchboard.router.api.SubscribeOutcome;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.api.TopicFilter;
import io.switchboard.router.api.Will;
import io.switchboard.router.inspect.QueueDepth;
import io.switchboard.router.inspect.SessionInfo;
import io.switchboard.router.inspect.SubscriptionInfo;
import io.switchboard.router.security.ReadPermission;
import io.switchboard.router.spi.SessionRecord;
import io.switchboard.router.spi.StoredDelivery;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's session: subscriptions, queued and in-flight messages, will and expiry. All state is confined
 * to the session's current executor (the connection's event loop while connected, a router loop while
 * offline); work from other threads arrives through {@link #runOnExecutor}. Only {@code executor},
 * {@code connected} and {@code attachment} are read across threads.
 */
public final class Session implements Route {
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private final String clientId;
    private final SessionContext ctx;
    private final SessionRegistry registry;

    private volatile SessionExecutor executor;
    private volatile boolean connected;
    private volatile Attachment attachment;

    private DeliverySink sink;
    private long expirySeconds;
    private Will will;
    private ReadPermission readPermission = ReadPermission.ALL;
    private Will pendingWill;
    private long disconnectedAtMillis;
    private boolean fresh = true;
    private boolean ended;
    private long epoch;
    private SessionExecutor.Cancellable expiryTimer;
    private SessionExecutor.Cancellable willTimer;
    private final Map<String, SubscriptionOptions> subscriptions = new LinkedHashMap<>();
    private final Outbox outbox;
    private final InboundQos2 inboundQos2;
    private Protocol protocol = Protocol.MQTT;
    private long connectedAtMillis;

    Session(String clientId, SessionContext ctx, SessionRegistry registry, SessionExecutor executor) {
        this.clientId = clientId;
        this.ctx = ctx;
        this.outbox = new Outbox(new OutboxOwner(), ctx);
        this.inboundQos2 = new InboundQos2(clientId, ctx.store());
        this.registry = registry;
        this.executor = executor;
    }

    public String clientId() {
        return clientId;
    }

    @Override
    public String subscriberId() {
        return clientId;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    /** Runs the task on the thread that owns this session now, inline when already there. */
    void runOnExecutor(Runnable task) {
        SessionExecutor current = executor;
        if (current.inExecutor()) {
            task.run();
        } else {
            current.execute(() -> runOnExecutor(task));
        }
    }

    // ---------------------------------------------------------------- delivery

    @Override
    public void offer(Message message, Qos qos, boolean retain, int[] subscriptionIds, String shareGroup,
                      String shareFilter, Acceptance acceptance) {
        SessionExecutor current = executor;
        if (current.inExecutor()) {
            if (ended && shareGroup != null
                    && ShareRedispatch.toOtherMember(ctx, this, message, retain, shareGroup, shareFilter, acceptance)) {
                return; // another member of the group took it, and reports acceptance itself
            }
            boolean held = false;
            try {
                held = accept(message, qos, retain, subscriptionIds, shareGroup, shareFilter, acceptance);
            } finally {
                if (acceptance != null && !held) {
                    acceptance.accepted();
                }
            }
        } else {
            current.execute(() -> offer(message, qos, retain, subscriptionIds, shareGroup, shareFilter, acceptance));
        }
    }

    /** Takes a message in; true when the publisher's acceptance is held back (backpressure). */
    private boolean accept(Message message, Qos qos, boolean retain, int[] subscriptionIds, String shareGroup,
                           String shareFilter, Acceptance acceptance) {
        if (ended) {
            return false;
        }
        if (message.isExpired(ctx.now())) {
            ctx.counters().expiredDrop();
            return false;
        }
        if (!readPermission.mayReceive(message.topic())) {
            return false; // the ACL denies this client the topic (retained at subscribe time or live)
        }
        if (sink == null && qos == Qos.AT_MOST_ONCE && !ctx.settings().queueQos0Offline()) {
            return false; // QoS 0 is not queued for offline sessions unless configured
        }
        return outbox.take(message, qos, retain, subscriptionIds, shareGroup, shareFilter, acceptance);
    }

    /** The delivery engine, which the attachment hands acknowledgements and writability to. */
    Outbox outbox() {
        return outbox;
    }

    io.switchboard.router.api.PublishOutcome publishFrom(Message message) {
        return ctx.publisher().publish(message);
    }

    void publishFrom(Message message, io.switchboard.router.api.PublishListener listener) {
        ctx.publisher().publish(message, executor, listener);
    }

    boolean beginInboundQos2(int packetId) {
        return inboundQos2.begin(packetId, persistent());
    }

    boolean releaseInboundQos2(int packetId) {
        return inboundQos2.release(packetId, persistent());
    }

    void sessionExpiry(long seconds) {
        expirySeconds = seconds;
    }

    // ---------------------------------------------------------------- subscriptions

    SubscribeOutcome subscribe(String raw, SubscriptionOptions options) {
        TopicFilter filter;
        try {
            filter = TopicFilter.parse(raw);
        } catch (IllegalArgumentException e) {
            return SubscribeOutcome.refused(
                    SubscribeOutcome.Failure.TOPIC_FILTER_INVALID);
        }
        SubscriptionOptions previous = ctx.topics().subscribe(this, filter, options);
        subscriptions.put(raw, options);
        saveRecord();
        var handling = options.retainHandling();
        boolean sendRetained = !filter.isShared()
                && (handling == RetainHandling.SEND_ON_SUBSCRIBE
                || (handling == RetainHandling.SEND_IF_NEW_SUBSCRIPTION && previous == null));
        if (sendRetained) {
            // After the current task, so that the adapter's SUBACK goes out before the retained messages.
            executor.execute(() -> runOnExecutor(() -> sendRetained(filter, options)));
        }
        return SubscribeOutcome.granted(options.maxQos());
    }

    private void sendRetained(TopicFilter filter, SubscriptionOptions options) {
        if (ended || !options.equals(subscriptions.get(filter.raw()))) {
            return;
        }
        int[] ids = options.subscriptionId() == 0 ? Delivery.NO_SUBSCRIPTION_IDS
                : new int[] {options.subscriptionId()};
        ctx.retained().match(filter, ctx.now(),
                m -> accept(m, m.qos().min(options.maxQos()), true, ids, null, null, null)); // [MQTT-3.3.1-9]
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    boolean isSubscribed(String raw) {
        return subscriptions.containsKey(raw);
    }

    boolean unsubscribe(String raw) {
        if (subscriptions.remove(raw) == null) {
            return false;
        }
        ctx.topics().unsubscribe(this, TopicFilter.parse(raw));
        saveRecord();
        return true;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Attaches a new connection; runs on this session's current executor. */
    void attach(ConnectRequest request, Consumer<ConnectResult> onConnected) {
        if (ended) {
            registry.connect(request, onConnected);
            return;
        }
        if (sink != null) {
            DeliverySink previous = sink;
            Will previousWill = will;
            detach(false);
            previous.close(DisconnectReason.SESSION_TAKEN_OVER);
            if (previousWill != null && (previousWill.delaySeconds() == 0 || request.cleanStart())) {
                publishWill(previousWill);
            }
        }
        cancelTimers();
        if (pendingWill != null) {
            if (request.cleanStart()) {
                publishWill(pendingWill); // the old session ends now
            }
            pendingWill = null; // reconnected before the will delay passed [MQTT-3.1.3-9]
        }
        boolean sessionPresent = !fresh && !request.cleanStart();
        if (request.cleanStart()) {
            clearState();
        }
        fresh = false;
        epoch++;
        expirySeconds = request.sessionExpirySeconds();
        will = request.will();
        readPermission = request.readPermission();
        disconnectedAtMillis = 0;
        connectedAtMillis = ctx.now();
        protocol = request.protocol();
        sink = request.sink();
        outbox.attach(sink, request.receiveMaximum(), request.queueLimits());
        Attachment handle = new Attachment(this);
        attachment = handle;
        connected = true;
        executor = request.executor();
        ctx.counters().sessionConnected();
        if (persistent()) {
            saveRecord();
        } else {
            ctx.store().removeSession(clientId);
        }
        ConnectResult result = new ConnectResult(handle, sessionPresent);
        request.executor().execute(() -> {
            if (attachment != handle) {
                return; // taken over or closed before the client got its answer
            }
            onConnected.accept(result);
            outbox.resume(); // resends what was in flight [MQTT-4.4.0-1], then drains the queue
        });
    }

    boolean isLive(Attachment handle) {
        return attachment == handle;
    }

    /** The connection ended; runs on this session's executor with a live handle. */
    void detach(boolean publishWill) {
        attachment = null;
        sink = null;
        outbox.detach(); // nobody drains the queue now: publishers must not wait for this client
        connected = false;
        ctx.counters().sessionDisconnected();
        disconnectedAtMillis = ctx.now();
        connectedAtMillis = 0;
        Will lastWill = will;
        will = null;
        redispatchShared();
        if (publishWill && lastWill != null) {
            if (lastWill.delaySeconds() == 0 || expirySeconds == 0) {
                publishWill(lastWill);
            } else {
                pendingWill = lastWill;
            }
        }
        if (expirySeconds == 0) {
            end();
            return;
        }
        executor = ctx.offlineExecutors().apply(clientId);
        saveRecord();
        scheduleTimers();
    }

    private void publishWill(Will w) {
        ctx.publisher().publish(w.messageToPublish(ctx.now()));
    }

    private void scheduleTimers() {
        long myEpoch = epoch;
        if (expirySeconds != ConnectRequest.NEVER_EXPIRES) {
            long elapsed = Math.max(0, ctx.now() - disconnectedAtMillis);
            long delay = Math.max(0, expirySeconds * 1000 - elapsed);
            expiryTimer = executor.schedule(() -> runOnExecutor(() -> {
                if (epoch == myEpoch && sink == null && !ended) {
                    log.info("session.expired client={}", clientId);
                    end();
                }
            }), delay, TimeUnit.MILLISECONDS);
        }
        if (pendingWill != null) {
            long elapsed = Math.max(0, ctx.now() - disconnectedAtMillis);
            long delay = Math.max(0, pendingWill.delaySeconds() * 1000 - elapsed);
            willTimer = executor.schedule(() -> runOnExecutor(() -> {
                if (epoch == myEpoch && sink == null && pendingWill != null) {
                    Will w = pendingWill;
                    pendingWill = null;
                    saveRecord();
                    publishWill(w);
                }
            }), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void cancelTimers() {
        if (expiryTimer != null) {
            expiryTimer.cancel();
            expiryTimer = null;
        }
        if (willTimer != null) {
            willTimer.cancel();
            willTimer = null;
        }
    }

    /** The session ends: its will (if still pending) goes, its subscriptions and messages are removed. */
    private void end() {
        ended = true;
        cancelTimers();
        if (pendingWill != null) {
            Will w = pendingWill;
            pendingWill = null;
            publishWill(w);
        }
        clearState();
        registry.remove(this);
    }

    private void clearState() {
        for (String raw : subscriptions.keySet()) {
            ctx.topics().unsubscribe(this, TopicFilter.parse(raw));
        }
        subscriptions.clear();
        redispatchShared();
        outbox.clear();
        inboundQos2.clear();
        ctx.store().removeSession(clientId);
    }

    /** Gives the unacknowledged messages this member got through share groups to other members. */
    private void redispatchShared() {
        outbox.redispatchShared(d -> ShareRedispatch.toOtherMember(ctx, this, d.message, d.retain, d.shareGroup,
                d.shareFilter, null));
    }

    /** Broker shutdown: close the connection without publishing the will. */
    void shutdown() {
        if (sink != null) {
            DeliverySink closing = sink;
            detach(false);
            closing.close(DisconnectReason.SERVER_SHUTTING_DOWN);
        }
        cancelTimers();
    }

    /** Administrative close, as a server-initiated disconnect: the will is published. */
    void kick() {
        if (sink != null) {
            DeliverySink closing = sink;
            detach(true);
            closing.close(DisconnectReason.ADMINISTRATIVE_ACTION);
        }
    }

    /**
     * Administrative deletion: closes the connection (if any) with {@code ADMINISTRATIVE_ACTION} and ends the
     * session without publishing its will; subscriptions, queued and stored state are removed.
     */
    void discard() {
        if (ended) {
            return;
        }
        if (sink != null) {
            DeliverySink closing = sink;
            detach(false);
            closing.close(DisconnectReason.ADMINISTRATIVE_ACTION);
        }
        if (!ended) {
            pendingWill = null;
            end();
        }
    }

    /** The session's state now; runs on the session's executor. */
    SessionInfo snapshot() {
        List<SubscriptionInfo> subs = new ArrayList<>(subscriptions.size());
        subscriptions.forEach((filter, options) -> subs.add(new SubscriptionInfo(clientId, filter, options)));
        return new SessionInfo(clientId, sink != null, protocol, expirySeconds, subs, outbox.queuedMessages(),
                outbox.queuedBytes(), outbox.inflightCount(), connectedAtMillis, disconnectedAtMillis, outbox.drops());
    }

    /** Queue depth read from any thread, without stopping the session. */
    QueueDepth queueDepth(long nowMillis) {
        long oldest = outbox.visibleOldestCreatedAt();
        return new QueueDepth(clientId, outbox.visibleQueuedMessages(),
                oldest == 0 ? 0 : Math.max(0, nowMillis - oldest));
    }

    boolean isEnded() {
        return ended;
    }

    // ---------------------------------------------------------------- persistence

    private boolean persistent() {
        return expirySeconds > 0;
    }

    private void saveRecord() {
        if (persistent() && !ended) {
            ctx.store().saveSession(new SessionRecord(clientId, expirySeconds, disconnectedAtMillis,
                    Collections.unmodifiableMap(new LinkedHashMap<>(subscriptions)), pendingWill));
        }
    }

    /** Rebuilds this session from the store at router start; runs on the offline executor. */
    void restore(SessionRecord record) {
        fresh = false;
        expirySeconds = record.sessionExpirySeconds();
        disconnectedAtMillis = record.disconnectedAtMillis() == 0 ? ctx.now() : record.disconnectedAtMillis();
        pendingWill = record.pendingWill();
        for (Map.Entry<String, SubscriptionOptions> e : record.subscriptions().entrySet()) {
            subscriptions.put(e.getKey(), e.getValue());
            ctx.topics().subscribe(this, TopicFilter.parse(e.getKey()), e.getValue());
        }
        for (StoredDelivery stored : ctx.store().loadDeliveries(clientId)) {
            outbox.restore(stored);
        }
        inboundQos2.restore();
        scheduleTimers();
    }

    /** Queued (not in flight) message count, for tests and admin. */
    int queuedMessages() {
        return outbox.queuedMessages();
    }

    /** The session as its delivery engine sees it. */
    private final class OutboxOwner implements Outbox.Owner {
        @Override
        public String clientId() {
            return clientId;
        }

        @Override
        public boolean persistent() {
            return Session.this.persistent();
        }

        @Override
        public void quotaExceeded() {
            DeliverySink closing = sink;
            detach(true);
            closing.close(DisconnectReason.QUOTA_EXCEEDED);
        }
    }
}
