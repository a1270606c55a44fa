package io.switchboard.persistence;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.mapdb.DBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the data file, verifies every record, and applies the {@link RecoveryPolicy} when that fails; also
 * rotates the file (copy live records to a fresh file and swap) when dead space has grown.
 *
 * <p>A new file is created as {@code switchboard.db.creating}, stamped with the format version, committed
 * and only then renamed: so an existing {@code switchboard.db} without a stamp is always damage.
 */
final class StoreOpener {
    private static final Logger LOG = LoggerFactory.getLogger(StoreOpener.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final int MAX_PADDING_ATTEMPTS = 6;
    /** MapDB's file for an empty store, and its allocation step. */
    static final long FILE_SLACK = 2L << 20;

    private final StoreSettings settings;
    private final Path dbFile;
    private long nextRotationAt;

    StoreOpener(StoreSettings settings) {
        this.settings = settings;
        this.nextRotationAt = settings.rotationMinBytes();
        this.dbFile = settings.dataDir().resolve(StoreFiles.DB_FILE);
    }

    Path dataDir() {
        return settings.dataDir();
    }

    Path dbFile() {
        return dbFile;
    }

    StoreState open() throws IOException {
        Path dir = settings.dataDir();
        StoreFiles.deleteFamily(dir.resolve(StoreFiles.CREATING));
        StoreFiles.deleteFamily(dir.resolve(StoreFiles.ROTATING));
        if (!Files.exists(dbFile)) {
            createEmpty();
            LOG.info("store.created file={}", dbFile);
        }
        boolean unclean = StoreFiles.hasLegacyWal(dbFile);
        StoreState state;
        try {
            state = openVerified(dbFile);
        } catch (StoreFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            state = recover(e);
        }
        if (unclean) {
            // MapDB's WAL, left by a format-1 store (MapDB transactions) whose process died. MapDB 3.1.0 never
            // replays it: the process died while a commit was being copied into the file, whose space allocator
            // was then seen broken (the next commit failed with PointerChecksumBroken). When the records still
            // verify, copying them into a fresh file rebuilds it.
            LOG.warn("store.unclean-shutdown file={}: rewriting the live records into a fresh file", dbFile);
            state = rotate(state);
            StoreFiles.deleteLegacyWal(dbFile);
        }
        state = replayJournal(state);

        return rotateIfDue(state);
    }

    private void createEmpty() throws IOException {
        Path creating = settings.dataDir().resolve(StoreFiles.CREATING);
        try (StoreState fresh = StoreState.open(creating)) {
            fresh.meta.put(StoreState.FORMAT_KEY, StoreState.FORMAT_VERSION);
            fresh.commit();
        }
        StoreFiles.moveFamily(creating, dbFile);
    }

    /** Opens, checks the stamp and verifies every record; throws on any of them. */
    private static StoreState openVerified(Path file) {
        StoreState state = StoreState.open(file);
        try {
            String version = state.meta.get(StoreState.FORMAT_KEY);
            if (version == null) {
                throw new CorruptRecordException("no format version stamp (the file is truncated or is not a "
                        + "Switchboard store)");
            }
            if (!StoreState.FORMAT_VERSION.equals(version) && !StoreState.FORMAT_VERSION_1.equals(version)) {
                throw new StoreFormatException("data file " + file.toAbsolutePath() + " has store format version "
                        + version + " but this broker reads version " + StoreState.FORMAT_VERSION + ". Run the "
                        + "broker version that wrote it, or move the data directory away to start empty. Nothing "
                        + "was changed.");
            }
            int orphans = state.verifyAndIndex();
            if (orphans > 0) {
                state.commit();
                LOG.warn("store.orphan-bodies-deleted file={} count={}", file, orphans);
            }
            return state;
        } catch (RuntimeException e) {
            state.close();
            throw e;
        }
    }

    /**
     * Applies the journal records after the file's checkpoint, rebuilds the indexes and checkpoints, so that the
     * writer starts on an empty journal. A format-1 file is restamped as format 2 by that checkpoint.
     */
    private StoreState replayJournal(StoreState state) throws IOException {
        long after = state.checkpointSequence();
        boolean upgrade = StoreState.FORMAT_VERSION_1.equals(state.meta.get(StoreState.FORMAT_KEY));
        long last;
        try {
            last = Journal.replay(settings.dataDir(), after, (seq, type, r) -> JournalBatch.apply(state, seq, type, r),
                    settings.recovery() == RecoveryPolicy.SALVAGE);
            if (last > after) {
                state.verifyAndIndex();
            }
        } catch (CorruptRecordException e) {
            state.close();
            throw new StoreCorruptedException("the journal of data directory " + settings.dataDir().toAbsolutePath()
                    + " cannot be used: " + e.getMessage() + ". Nothing was changed. To keep every record before "
                    + "the damage, restart with store recovery set to SALVAGE; to start empty, move the data "
                    + "directory away. Restore from a backup instead if you have one.", e);
        }
        if (last > after || upgrade) {
            state.checkpoint(last);
            LOG.info("store.journal-replayed file={} sequences={} checkpointSequence={}{}", dbFile, last - after, last,
                    upgrade ? " formatUpgraded=1->2" : "");
        }
        return state;
    }

    private StoreState recover(RuntimeException cause) throws IOException {
        if (settings.recovery() == RecoveryPolicy.REFUSE) {
            throw new StoreCorruptedException("data file " + dbFile.toAbsolutePath() + " cannot be used: " + cause
                    + ". Nothing was changed. To keep every record that still reads, restart with store recovery "
                    + "set to SALVAGE (the damaged file is kept as " + StoreFiles.DB_FILE + ".corrupt-<time>); to "
                    + "start empty, move the data directory " + settings.dataDir().toAbsolutePath()
                    + " away. Restore from a backup instead if you have one.", cause);
        }
        Path aside = dbFile.resolveSibling(StoreFiles.DB_FILE + ".corrupt-" + STAMP.format(Instant.now()));
        StoreFiles.moveFamily(dbFile, aside);
        Path reading = dbFile.resolveSibling(StoreFiles.DB_FILE + ".salvage");
        StoreFiles.deleteFamily(reading);
        StoreFiles.copyFamily(aside, reading);
        createEmpty();
        StoreCopy.Counts counts;
        try (StoreState target = StoreState.open(dbFile)) {
            counts = salvageInto(reading, target);
        } finally {
            StoreFiles.deleteFamily(reading);
        }
        StoreState state = openVerified(dbFile);
        LOG.error("store.salvaged damaged={} cause={} kept: {}{}", aside, cause.toString(), counts,
                counts.entries() + counts.sessions() + counts.retained() == 0
                        ? " - NOTHING could be read: the store starts EMPTY; restore a backup over the data file "
                        + "if you have one" : "");
        return state;
    }

    private static StoreCopy.Counts salvageInto(Path damaged, StoreState target) throws IOException {
        StoreState source = null;
        for (int attempt = 0; source == null; attempt++) {
            try {
                source = StoreState.open(damaged);
            } catch (RuntimeException e) {
                if (!(e instanceof DBException.VolumeEOF) || attempt == MAX_PADDING_ATTEMPTS) {
                    LOG.error("store.salvage-unreadable file={} cause={}: nothing could be read", damaged,
                            e.toString());
                    return new StoreCopy.Counts(0, 0, 0, 0, 0, 0);
                }
                padTruncatedCopy(damaged);
            }
        }
        try (StoreState opened = source) {
            StoreCopy.Counts counts = StoreCopy.copy(opened, target, true);
            target.meta.put(StoreState.FORMAT_KEY, StoreState.FORMAT_VERSION);
            target.commit();
            return counts;
        }
    }

    /**
     * A truncated file is padded with zeros (on the salvage copy only) so that MapDB can open it and the
     * records before the cut can be read; the zeroed ones fail their checksums and are skipped.
     */
    private static void padTruncatedCopy(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long length = raf.length();
            long padded = ((Math.max(length * 2, length + (1 << 20)) >> 20) + 1) << 20;
            raf.setLength(padded);
            LOG.warn("store.salvage-padded file={} from={} to={}", file, length, padded);
        }
    }

    /**
     * Due when the file is past {@code rotationMinBytes}, past twice its size after the last rotation (so a
     * rotation that gains little is not repeated at every commit), and larger than {@code rotationFactor}
     * times the live data plus the {@link #FILE_SLACK} MapDB allocates even for an empty store.
     */
    boolean rotationDue(StoreState state) {
        long fileBytes = StoreFiles.size(state.file);
        return fileBytes >= nextRotationAt
                && fileBytes > settings.rotationFactor() * state.liveBytes() + FILE_SLACK;
    }

    /** Rotates when due; returns the state to continue with (the old one if nothing was done). */
    StoreState rotateIfDue(StoreState state) {
        return rotationDue(state) ? rotate(state) : state;
    }

    /**
     * Copies the live records of a committed store to {@code switchboard.db.rotating}, closes both, renames
     * the copy over the data file and reopens it. A crash before the rename leaves the old file in place (the
     * copy is deleted at the next open); after it, the new file is complete.
     */
    StoreState rotate(StoreState old) {
        long before = StoreFiles.size(old.file);
        long started = System.nanoTime();
        Path rotating = settings.dataDir().resolve(StoreFiles.ROTATING);
        try {
            StoreFiles.deleteFamily(rotating);
            StoreCopy.Counts counts;
            try (StoreState fresh = StoreState.open(rotating)) {
                counts = StoreCopy.copy(old, fresh, false);
            }
            old.close();
            StoreFiles.moveFamily(rotating, dbFile);
            StoreState reopened = openVerified(dbFile);
            reopened.adoptIdentities(old);
            nextRotationAt = Math.max(settings.rotationMinBytes(), 2 * StoreFiles.size(dbFile));
            LOG.info("store.rotated file={} bytesBefore={} bytesAfter={} millis={} {}", dbFile, before,
                    StoreFiles.size(dbFile), (System.nanoTime() - started) / 1_000_000, counts);
            return reopened;
        } catch (IOException e) {
            throw new UncheckedIOException("rotation of " + dbFile + " failed", e);
        } catch (RuntimeException e) {
            if (!old.db.isClosed()) {
                LOG.error("store.rotation-failed file={} cause={}: continuing on the old file", dbFile, e.toString());
                return old;
            }
            throw e;
        }
    }
}
