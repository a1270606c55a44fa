package io.switchboard.router.session;

import io.switchboard.router.inspect.Page;
import io.switchboard.router.inspect.QueueDepth;
import io.switchboard.router.inspect.SessionInfo;
import io.switchboard.router.inspect.SubscriptionInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Read-only listings of the registry's sessions for administration. A session's state is read on the session's
 * own thread (the caller waits, bounded by a timeout), so listings never race with the session. Thread-safe.
 */
public final class SessionInspector {
    private final SessionRegistry registry;
    private final LongSupplier clock;
    private final Duration timeout;

    public SessionInspector(SessionRegistry registry, LongSupplier clock, Duration timeout) {
        this.registry = registry;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Sessions sorted by client id; {@code connectedOnly} lists clients (connected sessions) only. */
    public Page<SessionInfo> sessions(int offset, int limit, boolean connectedOnly) {
        List<Session> sorted = sortedSessions(connectedOnly);
        Page<Session> page = Page.of(sorted, offset, limit);
        List<SessionInfo> infos = snapshots(page.items());
        return new Page<>(infos, page.offset(), page.total());
    }

    /** One session's state, or empty when there is no session with this client id. */
    public Optional<SessionInfo> session(String clientId) {
        Session session = registry.get(clientId);
        return session == null ? Optional.empty() : snapshots(List.of(session)).stream().findFirst();
    }

    /** Every subscription of every session, sorted by client id then filter. */
    public Page<SubscriptionInfo> subscriptions(int offset, int limit) {
        List<SubscriptionInfo> all = new ArrayList<>();
        for (SessionInfo info : snapshots(sortedSessions(false))) {
            info.subscriptions().stream().sorted(Comparator.comparing(SubscriptionInfo::filter)).forEach(all::add);
        }
        return Page.of(all, offset, limit);
    }

    /** The {@code n} sessions with the most queued messages (empty queues left out), deepest first. */
    public List<QueueDepth> deepestQueues(int n) {
        long now = clock.getAsLong();
        return registry.all().stream()
                .map(session -> session.queueDepth(now))
                .filter(depth -> depth.queuedMessages() > 0)
                .sorted(Comparator.comparingInt(QueueDepth::queuedMessages).reversed()
                        .thenComparing(QueueDepth::clientId))
                .limit(Math.max(0, n))
                .toList();
    }

    /** Messages queued over all sessions, read without stopping them. */
    public long totalQueuedMessages() {
        long now = clock.getAsLong();
        long total = 0;
        for (Session session : registry.all()) {
            total += session.queueDepth(now).queuedMessages();
        }
        return total;
    }

    private List<Session> sortedSessions(boolean connectedOnly) {
        return registry.all().stream()
                .filter(session -> !connectedOnly || session.isConnected())
                .sorted(Comparator.comparing(Session::clientId))
                .toList();
    }

    /** Snapshots taken on each session's thread; a session that ended meanwhile is left out. */
    private List<SessionInfo> snapshots(List<Session> sessions) {
        List<CompletableFuture<SessionInfo>> futures = new ArrayList<>(sessions.size());
        for (Session session : sessions) {
            CompletableFuture<SessionInfo> future = new CompletableFuture<>();
            session.runOnExecutor(() -> future.complete(session.isEnded() ? null : session.snapshot()));
            futures.add(future);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<SessionInfo> infos = new ArrayList<>(futures.size());
        for (CompletableFuture<SessionInfo> future : futures) {
            try {
                SessionInfo info = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (info != null) {
                    infos.add(info);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading sessions", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("sessions did not answer within " + timeout, e);
            }
        }
        return infos;
    }
}
