package io.switchboard.persistence;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.QueueSpec;
import io.switchboard.router.spi.QueueStore;
import io.switchboard.router.spi.RetainedStore;
import io.switchboard.router.spi.SessionRecord;
import io.switchboard.router.spi.SessionStore;
import io.switchboard.router.spi.StoredDelivery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable sessions and retained messages in one MapDB file ({@code <dataDir>/switchboard.db}), with group
 * commit. See {@code persistence/README.md} for the layout, the recovery policy and the rotation.
 *
 * <p>Write methods return at once: they queue an operation for the single writer thread. {@link #sync()}
 * completes, on the writer thread, once every write queued before it is committed to disk; keep callbacks on
 * it short or hop to your own executor. The {@code load*} methods wait for the writer and are meant for
 * start-up. The same {@link Message} instance given for many sessions is stored once.
 */
public final class MapDbStore implements SessionStore, QueueStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MapDbStore.class);
    /** The data file's name in the data directory (and in a backup directory). */
    public static final String DATA_FILE = StoreFiles.DB_FILE;

    private final StoreSettings settings;
    private final DataDirLock lock;
    private final StoreOpener opener;
    private final GroupCommitWriter writer;
    private final MapDbRetainedStore retained;
    private final Checkpointer checkpointer;

    private MapDbStore(StoreSettings settings, DataDirLock lock, StoreOpener opener, StoreState state) {
        this.settings = settings;
        this.lock = lock;
        this.opener = opener;
        long interval = settings.checkpointInterval().toNanos();
        this.checkpointer = new Checkpointer(opener, state, interval);
        this.writer = new GroupCommitWriter(state, settings.maxBatchOps(), settings.maxBatchDelay().toNanos(),
                checkpointer, interval, this::afterCommit);
        this.retained = new MapDbRetainedStore(this);
    }

    /**
     * Locks the data directory, opens and verifies the file (creating it if absent) and starts the writer.
     *
     * @throws StoreLockedException    another process or store holds the directory
     * @throws StoreCorruptedException the file is damaged and the policy is {@link RecoveryPolicy#REFUSE}
     * @throws StoreFormatException    the file was written by another store format version
     */
    public static MapDbStore open(StoreSettings settings) {
        DataDirLock lock;
        try {
            Files.createDirectories(settings.dataDir());
            lock = DataDirLock.acquire(settings.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock data directory " + settings.dataDir(), e);
        }
        try {
            StoreOpener opener = new StoreOpener(settings);
            long started = System.nanoTime();
            StoreState state = opener.open();
            MapDbStore store;
            try {
                store = new MapDbStore(settings, lock, opener, state);
            } catch (RuntimeException e) {
                state.close();
                throw e;
            }
            store.writer.start();
            LOG.info("store.opened file={} messages={} liveBytes={} fileBytes={} millis={}", opener.dbFile(),
                    state.messageCount(), state.liveBytes(), StoreFiles.size(opener.dbFile()),
                    (System.nanoTime() - started) / 1_000_000);
            return store;
        } catch (IOException | RuntimeException e) {
            try {
                lock.close();
            } catch (IOException closeError) {
                e.addSuppressed(closeError);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot open store in " + settings.dataDir(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Retained messages in the same file; {@link #sync()} covers them too. */
    public RetainedStore retainedStore() {
        return retained;
    }

    GroupCommitWriter writer() {
        return writer;
    }

    private StoreState afterCommit(StoreState state) {
        return checkpointer.afterCommit(state);
    }

    <T> T read(Function<StoreState, T> function) {
        try {
            return writer.call(function, false).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    @Override
    public void saveSession(SessionRecord record) {
        writer.write(s -> s.saveSession(record));
    }

    @Override
    public void removeSession(String clientId) {
        writer.write(s -> s.removeSession(clientId));
    }

    @Override
    public Collection<SessionRecord> loadSessions() {
        return read(StoreState::loadSessions);
    }

    @Override
    public void putDelivery(String clientId, StoredDelivery delivery) {
        writer.write(s -> s.putDelivery(clientId, delivery));
    }

    @Override
    public void removeDelivery(String clientId, long sequence) {
        writer.write(s -> s.removeDelivery(clientId, sequence));
    }

    @Override
    public List<StoredDelivery> loadDeliveries(String clientId) {
        return read(s -> s.loadDeliveries(clientId));
    }

    @Override
    public void addInboundQos2(String clientId, int packetId) {
        writer.write(s -> s.addInboundQos2(clientId, packetId));
    }

    @Override
    public void removeInboundQos2(String clientId, int packetId) {
        writer.write(s -> s.removeInboundQos2(clientId, packetId));
    }

    @Override
    public Collection<Integer> loadInboundQos2(String clientId) {
        return read(s -> s.loadInboundQos2(clientId));
    }

    @Override
    public void saveQueue(QueueSpec spec) {
        writer.write(s -> s.saveQueue(spec));
    }

    @Override
    public void removeQueue(String name) {
        writer.write(s -> s.removeQueue(name));
    }

    @Override
    public Collection<QueueSpec> loadQueues() {
        return read(StoreState::loadQueues);
    }

    @Override
    public void putEntry(String queue, QueueEntry entry) {
        writer.write(s -> s.putQueueEntry(queue, entry));
    }

    @Override
    public void removeEntry(String queue, long sequence) {
        writer.write(s -> s.removeQueueEntry(queue, sequence));
    }

    @Override
    public List<QueueEntry> loadEntries(String queue) {
        return read(s -> s.loadQueueEntries(queue));
    }

    @Override
    public CompletableFuture<Void> sync() {
        return writer.sync();
    }

    /**
     * Deletes queued entries and retained messages whose message expired (entries already in flight stay).
     * Completes with the number of records deleted, once committed.
     */
    public CompletableFuture<Integer> purgeExpired(long nowMillis) {
        CompletableFuture<Integer> purged = writer.call(s -> s.purgeExpired(nowMillis), true);
        return writer.sync().thenCombine(purged, (done, count) -> count);
    }

    /**
     * Writes a consistent copy of the store into {@code targetDir} (as {@code switchboard.db}, which a store
     * opened on that directory reads) holding every write queued before this call. Runs on the writer: it
     * commits what is pending, copies the file and fsyncs the copy; writes wait meanwhile.
     */
    public CompletableFuture<Path> backupTo(Path targetDir) {
        return writer.call(s -> {
            checkpointer.checkpoint(s);
            try {
                Files.createDirectories(targetDir);
                Path target = targetDir.resolve(StoreFiles.DB_FILE);
                Files.copy(s.file, target, StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                StoreFiles.syncDirectory(targetDir);
                LOG.info("store.backup target={} bytes={}", target, Files.size(target));
                return target;
            } catch (IOException e) {
                throw new UncheckedIOException("backup to " + targetDir + " failed", e);
            }
        }, false);
    }

    /** True when the live data has reached the configured maximum: refuse new QoS 1/2 messages. */
    public boolean isFull() {
        return checkpointer.liveBytes() >= settings.maxStoreBytes();
    }

    /** Whether storing {@code message} once more keeps the live data within the configured maximum. */
    public boolean fits(Message message) {
        return checkpointer.liveBytes() + message.sizeEstimate() <= settings.maxStoreBytes();
    }

    public StoreStats stats() {
        return writer.stats(checkpointer.liveBytes(), StoreFiles.size(opener.dbFile()), checkpointer);
    }

    /** Told of every commit and checkpoint from now on (metrics); replaces the previous listener. */
    public void setListener(StoreListener listener) {
        writer.setListener(listener);
        checkpointer.setListener(listener);
    }

    public StoreSettings settings() {
        return settings;
    }

    /** Commits what is queued, closes the file and releases the directory lock. */
    @Override
    public void close() {
        try {
            writer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreFailedException("interrupted while closing the store", e);
        } finally {
            try {
                lock.close();
            } catch (IOException e) {
                LOG.warn("store.unlock-failed dir={} cause={}", settings.dataDir(), e.toString());
            }
        }
    }
}
