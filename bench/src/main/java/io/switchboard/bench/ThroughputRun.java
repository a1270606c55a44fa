package io.switchboard.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.bench.mqtt.BenchClient;
import io.switchboard.bench.mqtt.PublishTemplate;
import io.switchboard.bench.mqtt.PublisherClient;
import io.switchboard.bench.mqtt.SubscriberClient;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publish/subscribe run (fanin, fanout, pairs, shared): connect subscribers, then publishers, publish for
 * warm-up + duration, sample counters and broker CPU at the window edges, drain, and account for every message.
 */
final class ThroughputRun {
    private static final Logger LOG = LoggerFactory.getLogger(ThroughputRun.class);
    private static final long SETUP_TIMEOUT_SECONDS = 120;
    private static final int CONNECTS_IN_FLIGHT = 16;

    private final BenchOptions o;
    private final Transport transport = Transport.best();
    private final RunCounters counters = new RunCounters();
    private final LatencyRecorder latency = new LatencyRecorder();
    private final List<SubscriberClient> subscribers = new ArrayList<>();
    private final List<DeliveryLog> logs = new ArrayList<>();
    private final List<PublisherClient> publishers = new ArrayList<>();
    private DeliveryFeedback feedback;

    ThroughputRun(BenchOptions options) {
        this.o = options;
    }

    Map<String, Object> run() throws Exception {
        String prefix = "bench/" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        Topology topology = Topology.of(o.scenario(), prefix, o.publishers(), o.subscribers());
        EventLoopGroup group = transport.newGroup(o.threads());
        try {
            return measure(group, topology, prefix);
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    private Map<String, Object> measure(EventLoopGroup group, Topology topology, String prefix) throws Exception {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(transport.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024));
        feedback = new DeliveryFeedback(o.publishers());
        List<String> filters = topology.subscribeFilters();
        for (int j = 0; j < filters.size(); j++) {
            DeliveryLog log = new DeliveryLog(o.publishers());
            SubscriberClient client = new SubscriberClient(prefix + "-s" + j, o.mqttLevel(),
                    o.subscriberSessionExpirySeconds(), filters.get(j), o.qos(),
                    log, latency, counters, feedback);
            logs.add(log);
            subscribers.add(client);
        }
        connectAll(bootstrap, subscribers);
        List<String> topics = topology.publishTopics();
        double perPublisherRate = o.rate() / topics.size();
        for (int i = 0; i < topics.size(); i++) {
            PublishTemplate template = new PublishTemplate(topics.get(i), o.qos(), o.mqttLevel(), o.payloadBytes(), i);
            PublisherClient.Qos0Window qos0 = new PublisherClient.Qos0Window(feedback, i, topology.copiesOf(i));
            publishers.add(new PublisherClient(prefix + "-p" + i, o.mqttLevel(), template, o.qos(), perPublisherRate,
                    o.inflight(), counters, qos0));
        }
        connectAll(bootstrap, publishers);
        LOG.info("event=bench.connected scenario={} publishers={} subscribers={} transport={}",
                o.scenario().label(), publishers.size(), subscribers.size(), transport.name());

        long start = System.nanoTime();
        long windowStart = start + TimeUnit.SECONDS.toNanos(o.warmupSeconds());
        long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(o.durationSeconds());
        latency.window(windowStart, windowEnd);
        for (PublisherClient p : publishers) {
            onLoop(p, () -> p.start(start));
        }
        List<ScheduledFuture<?>> tickers = startTickers();

        MeasuredWindow window = MeasuredWindow.measure(o, counters, windowStart, windowEnd);

        for (ScheduledFuture<?> t : tickers) {
            t.cancel(false);
        }
        for (PublisherClient p : publishers) {
            onLoop(p, p::stop).get(5, TimeUnit.SECONDS);
        }
        long unacked = drain(topology);
        for (BenchClient c : subscribers) {
            c.disconnect();
        }
        for (BenchClient c : publishers) {
            c.disconnect();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);

        Map<String, Object> r = ResultFields.base(o, transport);
        window.putRates(r);
        r.put("latency_us", ResultFields.latency(latency.merged()));
        MeasuredWindow.putAccounting(r, account(topology), unacked, counters);
        window.putCosts(r);
        return r;
    }

    /**
     * Connects the clients with at most {@link #CONNECTS_IN_FLIGHT} handshakes (CONNECT, and SUBSCRIBE for
     * subscribers) under way at once: brokers that store session state on connect (Artemis writes it to its
     * journal) time out when hundreds arrive together.
     */
    private void connectAll(Bootstrap bootstrap, List<? extends BenchClient> clients) throws Exception {
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETUP_TIMEOUT_SECONDS);
        for (BenchClient c : clients) {
            if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new java.util.concurrent.TimeoutException("connecting " + clients.size() + " clients");
            }
            c.ready().whenComplete((v, e) -> inFlight.release());
            bootstrap.clone().handler(c).connect(o.host(), o.port()).addListener(f -> {
                if (!f.isSuccess()) {
                    c.ready().completeExceptionally(f.cause());
                }
            });
            ready.add(c.ready());
        }
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new))
                .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** One 1 ms ticker per event loop pumps that loop's publishers (rate limiting and a safety net). */
    private List<ScheduledFuture<?>> startTickers() {
        Map<EventExecutor, List<PublisherClient>> byLoop = new IdentityHashMap<>();
        for (PublisherClient p : publishers) {
            byLoop.computeIfAbsent(p.executor(), k -> new ArrayList<>()).add(p);
        }
        List<ScheduledFuture<?>> tickers = new ArrayList<>();
        byLoop.forEach((loop, list) -> tickers.add(loop.scheduleAtFixedRate(() -> {
            for (PublisherClient p : list) {
                p.pump();
            }
        }, 1, 1, TimeUnit.MILLISECONDS)));
        return tickers;
    }

    /** Waits until every QoS 1/2 message is acked and deliveries stop growing; returns the unacked count. */
    private long drain(Topology topology) throws Exception {
        long expected = 0;
        long sentTotal = 0;
        long[] sentBy = new long[publishers.size()];
        for (int i = 0; i < publishers.size(); i++) {
            PublisherClient p = publishers.get(i);
            sentBy[i] = ask(p, p::sent).get(5, TimeUnit.SECONDS);
            sentTotal += sentBy[i];
        }
        for (Topology.GroupPlan g : topology.groups()) {
            for (int p : g.publishers()) {
                expected += sentBy[p];
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.drainTimeoutSeconds());
        long lastDelivered = -1;
        long stableSince = System.nanoTime();
        long unacked = 0;
        while (System.nanoTime() < deadline) {
            unacked = 0;
            if (o.qos() > 0) {
                for (PublisherClient p : publishers) {
                    unacked += ask(p, p::inflight).get(5, TimeUnit.SECONDS);
                }
            }
            long delivered = counters.delivered.sum();
            if (delivered != lastDelivered) {
                lastDelivered = delivered;
                stableSince = System.nanoTime();
            }
            boolean quiet = System.nanoTime() - stableSince > TimeUnit.MILLISECONDS.toNanos(1000);
            if (unacked == 0 && (delivered >= expected || quiet)) {
                break;
            }
            Thread.sleep(50);
        }
        LOG.info("event=bench.drained sent={} expected_deliveries={} delivered={} unacked={}",
                sentTotal, expected, counters.delivered.sum(), unacked);
        return unacked;
    }

    private DeliveryAccounting.Result account(Topology topology) {
        DeliveryAccounting.PublisherRecord[] records = new DeliveryAccounting.PublisherRecord[publishers.size()];
        for (int i = 0; i < records.length; i++) {
            records[i] = new DeliveryAccounting.PublisherRecord(publishers.get(i).sent(), publishers.get(i).acked());
        }
        List<DeliveryAccounting.Group> groups = new ArrayList<>();
        for (Topology.GroupPlan g : topology.groups()) {
            List<DeliveryLog> members = new ArrayList<>();
            for (int s : g.subscribers()) {
                members.add(logs.get(s));
            }
            groups.add(new DeliveryAccounting.Group(members, g.publishers()));
        }
        return DeliveryAccounting.account(groups, records, o.qos());
    }

    private static CompletableFuture<Void> onLoop(BenchClient c, Runnable action) {
        return CompletableFuture.runAsync(action, c.executor());
    }

    private static <T> CompletableFuture<T> ask(BenchClient c, java.util.function.Supplier<T> action) {
        return CompletableFuture.supplyAsync(action, c.executor());
    }
}
