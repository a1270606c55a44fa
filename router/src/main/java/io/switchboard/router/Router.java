package io.switchboard.router;

import io.switchboard.router.api.ConnectRequest;
import io.switchboard.router.api.ConnectResult;
import io.switchboard.router.api.Durability;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.PublishListener;
import io.switchboard.router.api.PublishOutcome;
import io.switchboard.router.api.SessionExecutor;
import io.switchboard.router.api.TopicFilter;
import io.switchboard.router.api.Topics;
import io.switchboard.router.inspect.Page;
import io.switchboard.router.inspect.RetainedInfo;
import io.switchboard.router.retain.RetainedMessages;
import io.switchboard.router.session.Publisher;
import io.switchboard.router.session.SessionContext;
import io.switchboard.router.session.SessionInspector;
import io.switchboard.router.session.SessionRegistry;
import io.switchboard.router.spi.RetainedStore;
import io.switchboard.router.spi.SessionStore;
import io.switchboard.router.topic.TopicTree;
import io.switchboard.router.queue.Queues;
import io.switchboard.router.spi.QueueStore;
import io.switchboard.router.spi.memory.MemoryQueueStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The protocol-neutral core: sessions, subscriptions, retained messages and routing. Adapters open sessions
 * with {@link #connect}; the broker module constructs one router and hands it to every adapter.
 *
 * <p>Routing runs on the publisher's thread: the topic tree is matched without locks, matches of one
 * destination are merged, and each destination gets the shared message handed to its own executor.
 */
public final class Router implements Publisher {
    private final TopicTree topics = new TopicTree();
    private final RouterSettings settings;
    private final SessionStore store;
    private final Supplier<CompletableFuture<Void>> commits;
    private final Queues queues;
    private final RetainedMessages retained;
    private final SessionRegistry sessions = new SessionRegistry();
    private final RouterCounters counters;
    private final SessionInspector inspector = new SessionInspector(sessions, System::currentTimeMillis,
            Duration.ofSeconds(5));
    private final ThreadLocal<MatchCollector> collectors = ThreadLocal.withInitial(MatchCollector::new);

    /**
     * @param settings          per-session limits
     * @param sessionStore      where persistent sessions are kept
     * @param retainedStore     where retained messages are kept
     * @param offlineExecutors  the executor that owns a session while no client is connected, by client id
     *                          (the same client id must always map to the same executor)
     */
    public Router(RouterSettings settings, SessionStore sessionStore, RetainedStore retainedStore,
                  Function<String, SessionExecutor> offlineExecutors) {
        this(settings, sessionStore, retainedStore, new MemoryQueueStore(), offlineExecutors);
    }

    /**
     * @param queueStore where durable named queues are kept; when it is not the session store's own object, a
     *                   durable publish waits for both stores' commits
     */
    public Router(RouterSettings settings, SessionStore sessionStore, RetainedStore retainedStore,
                  QueueStore queueStore, Function<String, SessionExecutor> offlineExecutors) {
        this.settings = settings;
        this.store = sessionStore;
        this.commits = sessionStore == queueStore ? sessionStore::sync
                : () -> CompletableFuture.allOf(sessionStore.sync(), queueStore.sync());
        this.retained = new RetainedMessages(retainedStore);
        this.counters = new RouterCounters(sessions::size, topics::size, retained::size);
        this.queues = new Queues(topics, queueStore, counters, offlineExecutors,
                settings.durability().defaultMode() != Durability.VOLATILE);
        sessions.bind(new SessionContext(settings, topics, retained, sessionStore, counters, offlineExecutors,
                this, System::currentTimeMillis));
    }

    /**
     * Rebuilds persistent sessions (subscriptions, queued and in-flight messages, pending wills) from the
     * session store. Call once after construction, before adapters accept connections.
     */
    public void recover(Duration timeout) throws InterruptedException {
        queues.recover();
        sessions.recover(timeout);
    }

    /**
     * Opens or resumes the client's session. An existing connection with the same client id is closed with
     * {@code SESSION_TAKEN_OVER} first [MQTT-3.1.4-3]. The result is delivered on {@code request.executor()},
     * possibly before this method returns.
     */
    public void connect(ConnectRequest request, Consumer<ConnectResult> onConnected) {
        sessions.connect(request, onConnected);
    }

    /**
     * Routes a message to every matching subscription, once per destination; a retained message also
     * replaces its topic's retained message. Thread-safe; used by sessions for their clients' publishes and
     * by the broker for wills and its own messages.
     */
    @Override
    public PublishOutcome publish(Message message) {
        return route(message, null);
    }

    /**
     * Routes a message and tells the listener, on {@code replyOn}, when it may be acknowledged: at once when the
     * durability policy makes it volatile; for a durable message, after every destination took it in and the
     * store commit covering their writes (and the retained write) is on disk. A durable message the store has
     * no room for is refused with {@code QUOTA_EXCEEDED}, not routed.
     */
    @Override
    public void publish(Message message, SessionExecutor replyOn, PublishListener listener) {
        if (settings.durability().modeOf(message) == Durability.VOLATILE) {
            if (message.qos() == io.switchboard.router.api.Qos.AT_MOST_ONCE) {
                listener.published(route(message, null));
                return;
            }
            // acknowledged once every destination took it in: a slow subscriber holds the acknowledgement
            PublishAck ack = new PublishAck(null, replyOn, listener);
            ack.routed(route(message, ack));
            return;
        }
        if (!store.fits(message)) {
            counters.refusedStoreFull.increment();
            listener.published(PublishOutcome.QUOTA_EXCEEDED);
            return;
        }
        PublishAck durable = new PublishAck(commits, replyOn, listener);
        durable.routed(route(message, durable));
    }

    private PublishOutcome route(Message message, PublishAck durable) {
        if (!Topics.isValidTopicName(message.topic())) {
            return PublishOutcome.TOPIC_NAME_INVALID;
        }
        if (message.retain()) {
            retained.put(message);
        }
        MatchCollector collector = collectors.get();
        if (collector.busy) {
            collector = new MatchCollector(); // re-entered from a delivery on this thread (e.g. a will)
        }
        collector.busy = true;
        try {
            collector.reset(message.publisherId());
            topics.match(message.topic(), collector);
            if (collector.count() == 0) {
                if (message.origin() != Protocol.INTERNAL) {
                    counters.noMatch.increment(); // the broker's own status messages are no client's loss
                }
                return PublishOutcome.NO_MATCHING_SUBSCRIBERS;
            }
            counters.routed.increment();
            collector.dispatch(message, durable);
            return PublishOutcome.ROUTED;
        } finally {
            collector.busy = false;
        }
    }

    /** The named queues (anycast, competing consumers), declared in config or created on first use. */
    public Queues queues() {
        return queues;
    }

    /** Live statistics, for logs and metrics. */
    public RouterStats stats() {
        return counters;
    }

    /** True when a session with this client id exists (connected or not). */
    public boolean hasSession(String clientId) {
        return sessions.contains(clientId);
    }

    /** Closes a client's connection as an administrative action; false when it is not connected. */
    public boolean kick(String clientId) {
        return sessions.kick(clientId);
    }

    /**
     * Ends a session as an administrative action (closing its connection with {@code ADMINISTRATIVE_ACTION},
     * without its will); false when there is no such session. The removal completes on the session's thread.
     */
    public boolean deleteSession(String clientId) {
        return sessions.discard(clientId);
    }

    /** Read-only listings of sessions, subscriptions and queues, for administration and metrics. */
    public SessionInspector inspector() {
        return inspector;
    }

    /** Retained messages (without payloads) sorted by topic, optionally only those matching a topic filter. */
    public Page<RetainedInfo> retained(String filter, int offset, int limit) {
        List<RetainedInfo> all = new ArrayList<>();
        Consumer<Message> add = m -> all.add(new RetainedInfo(m.topic(), m.qos(), m.payload().length,
                m.createdAtMillis()));
        if (filter == null) {
            retained.forEach(add);
        } else {
            retained.match(TopicFilter.parse(filter), System.currentTimeMillis(), add);
        }
        all.sort(Comparator.comparing(RetainedInfo::topic));
        return Page.of(all, offset, limit);
    }

    /** Removes a topic's retained message without routing anything; false when it had none. */
    public boolean deleteRetained(String topic) {
        return retained.remove(topic);
    }

    /**
     * Closes every connected session with {@code SERVER_SHUTTING_DOWN} and cancels timers. Wills of closed
     * connections are not published (the session's expiry decides on the next start). Waits up to two
     * seconds for the closes to be issued.
     */
    public void shutdown() {
        try {
            sessions.shutdown(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
