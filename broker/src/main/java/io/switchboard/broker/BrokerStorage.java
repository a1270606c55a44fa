package io.switchboard.broker;

import io.switchboard.broker.config.StorageConfig;
import io.switchboard.persistence.MapDbStore;
import io.switchboard.persistence.StoreStats;
import io.switchboard.router.DurabilityPolicy;
import io.switchboard.router.spi.QueueStore;
import io.switchboard.router.spi.RetainedStore;
import io.switchboard.router.spi.SessionStore;
import io.switchboard.router.spi.memory.MemoryQueueStore;
import io.switchboard.router.spi.memory.MemoryRetainedStore;
import io.switchboard.router.spi.memory.MemorySessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's stores (sessions, retained messages, named queues), picked by the durability policy: the MapDB
 * store on {@code storage.dir} when any message can be durable, the memory stores otherwise. Owns the periodic purge of expired messages and closes
 * the store (its final commit) last.
 */
final class BrokerStorage implements AutoCloseable {
    static final long PURGE_PERIOD_SECONDS = 60;
    /** The MapDB file name inside storage.dir (persistence/README.md, "Files in the data directory"). */
    static final String DB_FILE = "switchboard.db";
    private static final Logger LOG = LoggerFactory.getLogger(BrokerStorage.class);

    private final SessionStore sessions;
    private final RetainedStore retained;
    private final QueueStore queues;
    private final MapDbStore store;
    private ScheduledFuture<?> purge;

    private BrokerStorage(SessionStore sessions, RetainedStore retained, QueueStore queues, MapDbStore store) {
        this.sessions = sessions;
        this.retained = retained;
        this.queues = queues;
        this.store = store;
    }

    /**
     * Opens the stores the policy needs.
     *
     * @throws io.switchboard.persistence.StoreOpenException when the MapDB store is locked, damaged or of
     *                                                       another format version (the message says what to do)
     */
    static BrokerStorage open(StorageConfig config, DurabilityPolicy policy) {
        if (!policy.usesStore()) {
            Path file = Path.of(config.dir()).resolve(DB_FILE);
            if (Files.exists(file)) {
                LOG.warn("storage.unused file={} durability=volatile: its sessions and retained messages are not"
                        + " loaded; start with storage.durability=local to use them", file.toAbsolutePath());
            }
            return new BrokerStorage(new MemorySessionStore(), new MemoryRetainedStore(), new MemoryQueueStore(),
                    null);
        }
        MapDbStore store = MapDbStore.open(config.toStoreSettings());
        return new BrokerStorage(store, store.retainedStore(), store, store);
    }

    SessionStore sessions() {
        return sessions;
    }

    RetainedStore retained() {
        return retained;
    }

    /** Named queues: durable ones in the same MapDB file (one commit covers them), else in memory. */
    QueueStore queues() {
        return queues;
    }

    /** The MapDB store, or null with memory stores. */
    MapDbStore store() {
        return store;
    }

    boolean durable() {
        return store != null;
    }

    /** Deletes expired queued and retained messages every minute on {@code scheduler} (MapDB store only). */
    void schedulePurge(ScheduledExecutorService scheduler) {
        if (store == null) {
            return;
        }
        purge = scheduler.scheduleAtFixedRate(this::purgeExpired, PURGE_PERIOD_SECONDS, PURGE_PERIOD_SECONDS,
                TimeUnit.SECONDS);
    }

    private void purgeExpired() {
        store.purgeExpired(System.currentTimeMillis()).whenComplete((removed, failure) -> {
            if (failure != null) {
                LOG.warn("storage.purge-failed cause=\"{}\"", failure.toString());
            } else if (removed > 0) {
                StoreStats stats = store.stats();
                LOG.info("storage.purged expired={} liveBytes={} fileBytes={}", removed, stats.liveBytes(),
                        stats.fileBytes());
            }
        });
    }

    /** Commits what is queued and closes the MapDB file; call after the router and the loops stopped. */
    @Override
    public void close() {
        if (purge != null) {
            purge.cancel(false);
        }
        if (store != null) {
            StoreStats stats = store.stats();
            store.close();
            LOG.info("storage.closed commits={} operations={} avgBatch={} maxBatch={} avgCommitMicros={}"
                            + " maxCommitMicros={} liveBytes={} fileBytes={}", stats.batchesCommitted(),
                    stats.operations(), String.format(java.util.Locale.ROOT, "%.1f", stats.averageBatchSize()),
                    stats.maxBatchSize(), Math.round(stats.averageCommitMicros()), stats.maxCommitNanos() / 1_000,
                    stats.liveBytes(), stats.fileBytes());
        }
    }
}
