package io.switchboard.router.session;

import io.switchboard.router.api.ConnectRequest;
import io.switchboard.router.api.ConnectResult;
import io.switchboard.router.spi.SessionRecord;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every session of the broker by client id, connected or not. Connecting to an existing client id takes its
 * session over on the session's own thread, so two racing connects are serialized without locks.
 */
public final class SessionRegistry {
    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private SessionContext ctx;

    /** Binds the registry to its router's context; called once, before any other method. */
    public void bind(SessionContext context) {
        this.ctx = context;
    }

    /**
     * Attaches a connection to the client's session, creating it if there is none. A new session starts on the
     * connection's own executor, so that a first connect (the common case of a connect storm) is answered without
     * a round trip through another thread; an existing one is attached on the thread that owns it now.
     */
    public void connect(ConnectRequest request, Consumer<ConnectResult> onConnected) {
        Session session = sessions.computeIfAbsent(request.clientId(),
                id -> new Session(id, ctx, this, request.executor()));
        session.runOnExecutor(() -> session.attach(request, onConnected));
    }

    void remove(Session session) {
        sessions.remove(session.clientId(), session);
    }

    public int size() {
        return sessions.size();
    }

    public boolean contains(String clientId) {
        return sessions.containsKey(clientId);
    }

    Session get(String clientId) {
        return sessions.get(clientId);
    }

    Collection<Session> all() {
        return sessions.values();
    }

    /**
     * Ends a session as an administrative action: its connection (if any) is closed with
     * {@code ADMINISTRATIVE_ACTION}, its will is not published, its state is removed. False when there is none.
     */
    public boolean discard(String clientId) {
        Session session = sessions.get(clientId);
        if (session == null) {
            return false;
        }
        session.runOnExecutor(session::discard);
        return true;
    }

    /** Rebuilds persistent sessions from the store; waits until every session is restored. */
    public void recover(Duration timeout) throws InterruptedException {
        List<SessionRecord> records = List.copyOf(ctx.store().loadSessions());
        CountDownLatch done = new CountDownLatch(records.size());
        for (SessionRecord record : records) {
            Session session = new Session(record.clientId(), ctx, this,
                    ctx.offlineExecutors().apply(record.clientId()));
            sessions.put(record.clientId(), session);
            session.runOnExecutor(() -> {
                try {
                    session.restore(record);
                } finally {
                    done.countDown();
                }
            });
        }
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("session recovery did not finish within " + timeout);
        }
        if (!records.isEmpty()) {
            log.info("sessions.recovered count={}", records.size());
        }
    }

    /** Closes every connected session for shutdown; waits up to the timeout for the closes to be issued. */
    public void shutdown(Duration timeout) throws InterruptedException {
        List<Session> all = List.copyOf(sessions.values());
        CountDownLatch done = new CountDownLatch(all.size());
        for (Session session : all) {
            session.runOnExecutor(() -> {
                try {
                    session.shutdown();
                } finally {
                    done.countDown();
                }
            });
        }
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn("broker.shutdown sessions_not_closed={}", done.getCount());
        }
    }

    /** Closes a client's connection as an administrative action; false when it is not connected. */
    public boolean kick(String clientId) {
        Session session = sessions.get(clientId);
        if (session == null || !session.isConnected()) {
            return false;
        }
        session.runOnExecutor(session::kick);
        return true;
    }
}
