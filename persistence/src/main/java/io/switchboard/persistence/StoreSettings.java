package io.switchboard.persistence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link MapDbStore} is opened.
 *
 * @param dataDir          directory holding {@code switchboard.db} and {@code switchboard.lock}
 * @param maxBatchOps      a commit batch closes when it holds this many writes
 * @param maxBatchDelay    ... or this long after its first write, whichever comes first (zero: commit whatever
 *                         is queued, so batches form only while the previous commit runs)
 * @param maxStoreBytes    live data limit checked by {@link MapDbStore#isFull()} and {@link MapDbStore#fits}
 * @param rotationMinBytes the data file is never rotated below this size
 * @param rotationFactor   rotate when the file is larger than this many times the live data
 * @param recovery         what to do with a file that does not open or verify
 * @param checkpointInterval the MapDB file is committed (a checkpoint of the journal) at most this long after
 *                         the first write it does not cover (sooner when the journal or the uncommitted pages
 *                         grow past 64 MiB); a restart replays the journal written since
 */
public record StoreSettings(
        Path dataDir,
        int maxBatchOps,
        Duration maxBatchDelay,
        long maxStoreBytes,
        long rotationMinBytes,
        double rotationFactor,
        RecoveryPolicy recovery,
        Duration checkpointInterval) {

    public static final int DEFAULT_MAX_BATCH_OPS = 10_000;
    public static final Duration DEFAULT_MAX_BATCH_DELAY = Duration.ofMillis(2);
    public static final long DEFAULT_ROTATION_MIN_BYTES = 64L << 20;
    public static final double DEFAULT_ROTATION_FACTOR = 4.0;
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    public StoreSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(maxBatchDelay, "maxBatchDelay");
        Objects.requireNonNull(recovery, "recovery");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        if (maxBatchOps < 1 || maxBatchDelay.isNegative() || maxStoreBytes <= 0 || rotationMinBytes < 0
                || rotationFactor < 1.5 || checkpointInterval.isNegative()) {
            throw new IllegalArgumentException("store settings " + maxBatchOps + " ops, " + maxBatchDelay + ", "
                    + maxStoreBytes + " bytes, rotation " + rotationMinBytes + " bytes x" + rotationFactor);
        }
    }

    /** Defaults: batches of 10,000 writes or 2 ms, no size limit, rotation past 64 MiB at 4x dead space, refuse. */
    public static StoreSettings defaults(Path dataDir) {
        return new StoreSettings(dataDir, DEFAULT_MAX_BATCH_OPS, DEFAULT_MAX_BATCH_DELAY, Long.MAX_VALUE,
                DEFAULT_ROTATION_MIN_BYTES, DEFAULT_ROTATION_FACTOR, RecoveryPolicy.REFUSE, DEFAULT_CHECKPOINT_INTERVAL);
    }

    public StoreSettings withBatch(int ops, Duration delay) {
        return new StoreSettings(dataDir, ops, delay, maxStoreBytes, rotationMinBytes, rotationFactor, recovery,
                checkpointInterval);
    }

    public StoreSettings withMaxStoreBytes(long bytes) {
        return new StoreSettings(dataDir, maxBatchOps, maxBatchDelay, bytes, rotationMinBytes, rotationFactor,
                recovery, checkpointInterval);
    }

    public StoreSettings withRotation(long minBytes, double factor) {
        return new StoreSettings(dataDir, maxBatchOps, maxBatchDelay, maxStoreBytes, minBytes, factor, recovery,
                checkpointInterval);
    }

    public StoreSettings withCheckpointInterval(Duration interval) {
        return new StoreSettings(dataDir, maxBatchOps, maxBatchDelay, maxStoreBytes, rotationMinBytes,
                rotationFactor, recovery, interval);
    }

    public StoreSettings withRecovery(RecoveryPolicy policy) {
        return new StoreSettings(dataDir, maxBatchOps, maxBatchDelay, maxStoreBytes, rotationMinBytes,
                rotationFactor, policy, checkpointInterval);
    }
}
