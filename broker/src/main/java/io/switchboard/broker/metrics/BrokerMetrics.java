package io.switchboard.broker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import io.switchboard.router.Router;
import io.switchboard.router.RouterStats;
import io.switchboard.router.api.QueueRef;
import io.switchboard.router.inspect.QueueDepth;
import io.switchboard.router.limit.MemoryBudget;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The broker's meters in one Prometheus registry: router gauges and counters read at scrape time, the adapters'
 * traffic counters ({@link TrafficCounters}), the deepest session queues, JVM and Netty buffer memory. Names
 * carry the {@code switchboard_} prefix, base units and {@code _total} on counters (see README).
 */
public final class BrokerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Router router;
    private final TrafficCounters traffic;
    private final int queueTopN;
    private final MultiGauge queueDepth;
    private final MultiGauge queueOldestAge;
    private final MultiGauge namedQueueDepth;
    private final MultiGauge namedQueueOldestAge;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    /** @param memory the global memory budget in force, or null when none (read at every scrape) */
    public BrokerMetrics(Router router, int queueTopN, Supplier<MemoryBudget> memory) {
        this.router = router;
        this.queueTopN = queueTopN;
        this.traffic = new TrafficCounters(registry);
        RouterStats stats = router.stats();
        gauge("switchboard.sessions", "Sessions by state: online (connected) or offline (persistent, waiting)",
                Tags.of("state", "online"), stats, RouterStats::connectedSessions);
        gauge("switchboard.sessions", "Sessions by state: online (connected) or offline (persistent, waiting)",
                Tags.of("state", "offline"), stats, s -> s.sessions() - s.connectedSessions());
        gauge("switchboard.subscriptions", "Subscriptions of all sessions", Tags.empty(), stats,
                RouterStats::subscriptions);
        gauge("switchboard.retained.messages", "Retained messages", Tags.empty(), stats,
                RouterStats::retainedMessages);
        gauge("switchboard.queued.messages", "Messages waiting in session queues (not in flight)", Tags.empty(),
                router, r -> r.inspector().totalQueuedMessages());
        Gauge.builder("switchboard.queued", stats, RouterStats::queuedBytes).baseUnit("bytes")
                .description("Bytes of messages waiting in session queues (what the memory budget measures)")
                .register(registry);
        Gauge.builder("switchboard.memory.budget", memory, m -> m.get() == null ? 0 : m.get().limit())
                .baseUnit("bytes")
                .description("The global memory budget (security.limits.memory_budget_bytes); 0: none")
                .register(registry);
        gauge("switchboard.memory.budget.exceeded", "1 while the memory budget is exceeded and publishers are not read",
                Tags.empty(), memory, m -> m.get() != null && m.get().exceeded() ? 1 : 0);
        FunctionCounter.builder("switchboard.messages.routed", stats, RouterStats::messagesRouted)
                .description("Publishes that matched at least one subscription").register(registry);
        dropped("queue_full", stats, RouterStats::droppedQueueFull);
        dropped("expired", stats, RouterStats::droppedExpired);
        dropped("no_route", stats, RouterStats::noMatchingSubscribers);
        dropped("store_full", stats, RouterStats::refusedStoreFull);
        dropped("rejected", stats, RouterStats::droppedRejected);
        FunctionCounter.builder("switchboard.storage.refused", stats, RouterStats::refusedStoreFull)
                .description("QoS 1/2 publishes refused because the store reached storage.max_size")
                .register(registry);
        queueDepth = MultiGauge.builder("switchboard.session.queue.depth").baseUnit("messages")
                .description("Queued messages of the deepest session queues, by client id").register(registry);
        queueOldestAge = MultiGauge.builder("switchboard.session.queue.oldest.age").baseUnit("seconds")
                .description("Age of the oldest queued message of the deepest session queues").register(registry);
        namedQueueDepth = MultiGauge.builder("switchboard.queue.depth").baseUnit("messages")
                .description("Messages ready or unacknowledged in the deepest named queues, by queue")
                .register(registry);
        namedQueueOldestAge = MultiGauge.builder("switchboard.queue.oldest.age").baseUnit("seconds")
                .description("Age of the oldest message of the deepest named queues, by queue").register(registry);
        gauge("switchboard.queues", "Named queues", Tags.empty(), router, r -> r.queues().size());
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            nettyAllocator(provider.metric(), ByteBufAllocator.DEFAULT.getClass().getSimpleName());
        }
        Gauge.builder("switchboard.netty.direct.memory.used", PlatformDependent::usedDirectMemory)
                .baseUnit("bytes").description("Direct memory Netty has reserved (-1 when not tracked)")
                .register(registry);
    }

    /** Memory held by Netty's default allocator (the adaptive one in Netty 4.2), direct and heap. */
    private void nettyAllocator(ByteBufAllocatorMetric allocator, String type) {
        Gauge.builder("switchboard.netty.allocator.used", allocator, ByteBufAllocatorMetric::usedDirectMemory)
                .baseUnit("bytes").tags("allocator", type, "memory_type", "direct")
                .description("Memory held by Netty's buffer allocator").register(registry);
        Gauge.builder("switchboard.netty.allocator.used", allocator, ByteBufAllocatorMetric::usedHeapMemory)
                .baseUnit("bytes").tags("allocator", type, "memory_type", "heap")
                .description("Memory held by Netty's buffer allocator").register(registry);
    }

    private <T> void gauge(String name, String description, Tags tags, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).tags(tags).register(registry);
    }

    private void dropped(String reason, RouterStats stats, ToDoubleFunction<RouterStats> value) {
        FunctionCounter.builder(TrafficCounters.DROPPED, stats, value).description(TrafficCounters.DROPPED_HELP)
                .tag("reason", reason).register(registry);
    }

    /** Adds the MapDB store's meters (commit batches and latencies, journal and checkpoint bytes). */
    public void bindStorage(io.switchboard.persistence.MapDbStore store) {
        new StorageMetrics(registry, store);
    }

    /** What the adapters report to. */
    public TrafficCounters traffic() {
        return traffic;
    }

    /** The Prometheus text exposition of every meter, with the deepest queues refreshed first. */
    public String scrape() {
        List<QueueDepth> deepest = router.inspector().deepestQueues(queueTopN);
        queueDepth.register(deepest.stream()
                .map(d -> MultiGauge.Row.of(Tags.of("client_id", d.clientId()), d.queuedMessages()))
                .toList(), true);
        queueOldestAge.register(deepest.stream()
                .map(d -> MultiGauge.Row.of(Tags.of("client_id", d.clientId()), d.oldestAgeMillis() / 1000.0))
                .toList(), true);
        List<QueueRef> deepestNamed = router.queues().list().stream()
                .sorted(Comparator.comparingInt(QueueRef::depth).reversed())
                .limit(queueTopN)
                .toList();
        namedQueueDepth.register(deepestNamed.stream()
                .map(q -> MultiGauge.Row.of(Tags.of("queue", q.spec().name()), q.depth()))
                .toList(), true);
        long now = System.currentTimeMillis();
        namedQueueOldestAge.register(deepestNamed.stream()
                .map(q -> MultiGauge.Row.of(Tags.of("queue", q.spec().name()), q.oldestAgeMillis(now) / 1000.0))
                .toList(), true);
        return registry.scrape();
    }

    /** Total of a counter family over all its tags, for $SYS and the admin API. */
    public double total(String name) {
        double sum = 0;
        for (Counter counter : registry.find(name).counters()) {
            sum += counter.count();
        }
        for (FunctionCounter counter : registry.find(name).functionCounters()) {
            sum += counter.count();
        }
        return sum;
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
