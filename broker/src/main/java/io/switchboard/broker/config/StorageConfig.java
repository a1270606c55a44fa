package io.switchboard.broker.config;

import io.switchboard.persistence.RecoveryPolicy;
import io.switchboard.persistence.StoreSettings;
import io.switchboard.router.DurabilityPolicy;
import io.switchboard.router.api.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Section {@code storage}.
 *
 * @param dir                   data directory, created on start; relative paths are resolved against the
 *                              working directory
 * @param durability            the mode of QoS 1/2 messages no rule matches: volatile (memory only) or local
 *                              (MapDB, acknowledged after the group commit that holds the message)
 * @param rules                 topic-filter rules, first match wins
 * @param maxSize               live data the store may hold before QoS 1/2 publishes are refused; 0: no limit
 * @param commitBatchMaxOps     a commit batch closes when it holds this many writes ...
 * @param commitBatchMaxDelayMs ... or this long after its first write (0: commit whatever is queued)
 * @param recovery              refuse (default) or salvage a store file that does not open or verify
 */
public record StorageConfig(
        String dir,
        Durability durability,
        List<DurabilityRule> rules,
        ByteSize maxSize,
        int commitBatchMaxOps,
        int commitBatchMaxDelayMs,
        RecoveryPolicy recovery) {

    public static final StorageConfig DEFAULTS = new StorageConfig("./data", Durability.VOLATILE, List.of(),
            ByteSize.ZERO, StoreSettings.DEFAULT_MAX_BATCH_OPS, (int) StoreSettings.DEFAULT_MAX_BATCH_DELAY.toMillis(),
            RecoveryPolicy.REFUSE);

    public StorageConfig {
        if (dir == null || dir.isBlank()) {
            throw new InvalidValueException("dir", "must be a non-empty path");
        }
        InvalidValueException.required("durability", durability);
        rules = List.copyOf(InvalidValueException.required("rules", rules));
        InvalidValueException.required("max_size", maxSize);
        InvalidValueException.range("commit_batch_max_ops", commitBatchMaxOps, 1, 1_000_000);
        InvalidValueException.range("commit_batch_max_delay_ms", commitBatchMaxDelayMs, 0, 10_000);
        InvalidValueException.required("recovery", recovery);
    }

    /** The router's durability policy: the default mode plus the rules in order. */
    public DurabilityPolicy toDurabilityPolicy() {
        return new DurabilityPolicy(durability, rules.stream().map(DurabilityRule::toRule).toList());
    }

    /** How the MapDB store is opened (used only when {@link DurabilityPolicy#usesStore()}). */
    public StoreSettings toStoreSettings() {
        StoreSettings settings = StoreSettings.defaults(Path.of(dir))
                .withBatch(commitBatchMaxOps, Duration.ofMillis(commitBatchMaxDelayMs))
                .withRecovery(recovery);
        return maxSize.unlimited() ? settings : settings.withMaxStoreBytes(maxSize.bytes());
    }
}
