package io.switchboard.broker.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.persistence.MapDbStore;
import io.switchboard.persistence.StoreListener;
import io.switchboard.persistence.StoreStats;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The MapDB store's meters (README, "Metrics"): commit batch sizes and commit (journal force) and checkpoint
 * latencies as histograms fed by the store's writer, and the journal, checkpoint, live and file bytes read at
 * scrape time. Refused publishes are counted by the router ({@code switchboard_storage_refused_total}).
 */
final class StorageMetrics implements StoreListener {
    private final DistributionSummary batchSize;
    private final Timer commit;
    private final Timer checkpoint;

    StorageMetrics(MeterRegistry registry, MapDbStore store) {
        batchSize = DistributionSummary.builder("switchboard.storage.commit.batch.size")
                .description("Write operations made durable by one commit (group commit batch)")
                .serviceLevelObjectives(1, 4, 16, 64, 256, 1024, 4096, 16384).register(registry);
        commit = Timer.builder("switchboard.storage.commit")
                .description("Duration of a commit: the journal write and its force, before the batch's acks")
                .serviceLevelObjectives(ms(1), ms(2), ms(5), ms(10), ms(20), ms(50), ms(100), ms(250), ms(1000))
                .register(registry);
        checkpoint = Timer.builder("switchboard.storage.checkpoint")
                .description("Duration of a checkpoint: the MapDB file committed through its redo file")
                .serviceLevelObjectives(ms(10), ms(50), ms(100), ms(250), ms(1000), ms(5000)).register(registry);
        bytes(registry, "switchboard.storage.journal.written", "Bytes appended to the journal", store,
                StoreStats::journalBytes);
        bytes(registry, "switchboard.storage.checkpoint.written",
                "Bytes of pages written by checkpoints (to the redo file, then the data file)", store,
                StoreStats::checkpointBytes);
        FunctionCounter.builder("switchboard.storage.rotations", store, s -> s.stats().rotations())
                .description("Times the data file was rewritten to drop dead space").register(registry);
        gauge(registry, "switchboard.storage.live", "Live data counted against storage.max_size", store,
                StoreStats::liveBytes);
        gauge(registry, "switchboard.storage.file", "Size of the MapDB data file", store, StoreStats::fileBytes);
        store.setListener(this);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    private static void bytes(MeterRegistry registry, String name, String help, MapDbStore store,
                              ToDoubleFunction<StoreStats> value) {
        FunctionCounter.builder(name, store, s -> value.applyAsDouble(s.stats())).baseUnit("bytes")
                .description(help).register(registry);
    }

    private static void gauge(MeterRegistry registry, String name, String help, MapDbStore store,
                              ToDoubleFunction<StoreStats> value) {
        Gauge.builder(name, store, s -> value.applyAsDouble(s.stats())).baseUnit("bytes").description(help)
                .register(registry);
    }

    @Override
    public void committed(int writes, long nanos) {
        batchSize.record(writes);
        commit.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void checkpointed(long nanos) {
        checkpoint.record(nanos, TimeUnit.NANOSECONDS);
    }
}
