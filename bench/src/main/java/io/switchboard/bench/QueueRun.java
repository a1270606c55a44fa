package io.switchboard.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.bench.amqp.AmqpBenchClient;
import io.switchboard.bench.amqp.AmqpConsumer;
import io.switchboard.bench.amqp.AmqpProducer;
import io.switchboard.bench.amqp.MessageTemplate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AMQP 1.0 queue run: C consumers attach to one queue, then P producers send to it for warm-up + duration;
 * counters and broker CPU are sampled at the window edges, then the run drains and accounts for every message
 * (the consumers together form one delivery group: each message must reach exactly one of them).
 *
 * <p>The address is the bare queue name with the {@code queue} terminus capability (what Qpid JMS sends for
 * {@code session.createQueue}): Switchboard reads it as a named queue created on first use, ActiveMQ Artemis as an
 * anycast queue it auto-creates.
 */
final class QueueRun {
    private static final Logger LOG = LoggerFactory.getLogger(QueueRun.class);
    private static final long SETUP_TIMEOUT_SECONDS = 60;

    private final BenchOptions o;
    private final Transport transport = Transport.best();
    private final RunCounters counters = new RunCounters();
    private final LatencyRecorder latency = new LatencyRecorder();
    private final List<AmqpConsumer> consumers = new ArrayList<>();
    private final List<DeliveryLog> logs = new ArrayList<>();
    private final List<AmqpProducer> producers = new ArrayList<>();

    QueueRun(BenchOptions options) {
        this.o = options;
    }

    Map<String, Object> run() throws Exception {
        String id = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        String queue = o.queue().isEmpty() ? "bench-" + id : o.queue();
        EventLoopGroup group = transport.newGroup(o.threads());
        try {
            return measure(group, queue, id);
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    private Map<String, Object> measure(EventLoopGroup group, String queue, String id) throws Exception {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(transport.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024));
        DeliveryFeedback feedback = new DeliveryFeedback(o.publishers());
        for (int j = 0; j < o.subscribers(); j++) {
            DeliveryLog log = new DeliveryLog(o.publishers());
            logs.add(log);
            consumers.add(new AmqpConsumer("bench-" + id + "-c" + j, queue, o.presettled(), o.credit(), log, latency,
                    counters, feedback));
        }
        connectAll(bootstrap, consumers);
        double perProducerRate = o.rate() / o.publishers();
        for (int i = 0; i < o.publishers(); i++) {
            producers.add(new AmqpProducer("bench-" + id + "-p" + i, queue,
                    new MessageTemplate(o.payloadBytes(), o.durable(), i), o.presettled(), perProducerRate,
                    o.inflight(), counters, feedback, i));
        }
        connectAll(bootstrap, producers);
        LOG.info("event=bench.connected scenario=queue queue={} producers={} consumers={} settlement={} durable={}",
                queue, producers.size(), consumers.size(), o.presettled() ? "presettled" : "unsettled", o.durable());

        long start = System.nanoTime();
        long windowStart = start + TimeUnit.SECONDS.toNanos(o.warmupSeconds());
        long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(o.durationSeconds());
        latency.window(windowStart, windowEnd);
        for (AmqpProducer p : producers) {
            onLoop(p, () -> p.start(start));
        }
        List<ScheduledFuture<?>> tickers = startTickers();

        MeasuredWindow window = MeasuredWindow.measure(o, counters, windowStart, windowEnd);

        for (ScheduledFuture<?> t : tickers) {
            t.cancel(false);
        }
        for (AmqpProducer p : producers) {
            onLoop(p, p::stop).get(5, TimeUnit.SECONDS);
        }
        long unsettled = drain();
        for (AmqpBenchClient c : producers) {
            c.disconnect();
        }
        for (AmqpBenchClient c : consumers) {
            c.disconnect();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);

        Map<String, Object> r = ResultFields.base(o, transport);
        r.put("queue", queue);
        window.putRates(r);
        r.put("latency_us", ResultFields.latency(latency.merged()));
        MeasuredWindow.putAccounting(r, account(), unsettled, counters);
        window.putCosts(r);
        return r;
    }

    private void connectAll(Bootstrap bootstrap, List<? extends AmqpBenchClient> clients) throws Exception {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (AmqpBenchClient c : clients) {
            bootstrap.clone().handler(c).connect(o.host(), o.port()).addListener(f -> {
                if (!f.isSuccess()) {
                    c.ready().completeExceptionally(f.cause());
                }
            });
            ready.add(c.ready());
        }
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** One 1 ms ticker per event loop pumps that loop's producers (rate limiting and a safety net). */
    private List<ScheduledFuture<?>> startTickers() {
        Map<EventExecutor, List<AmqpProducer>> byLoop = new IdentityHashMap<>();
        for (AmqpProducer p : producers) {
            byLoop.computeIfAbsent(p.executor(), k -> new ArrayList<>()).add(p);
        }
        List<ScheduledFuture<?>> tickers = new ArrayList<>();
        byLoop.forEach((loop, list) -> tickers.add(loop.scheduleAtFixedRate(() -> {
            for (AmqpProducer p : list) {
                p.pump();
            }
        }, 1, 1, TimeUnit.MILLISECONDS)));
        return tickers;
    }

    /** Waits until every delivery is settled and deliveries stop growing; returns the unsettled count. */
    private long drain() throws Exception {
        long sentTotal = 0;
        for (AmqpProducer p : producers) {
            sentTotal += ask(p, p::sent).get(5, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.drainTimeoutSeconds());
        long lastDelivered = -1;
        long stableSince = System.nanoTime();
        long unsettled = 0;
        while (System.nanoTime() < deadline) {
            unsettled = 0;
            for (AmqpProducer p : producers) {
                unsettled += ask(p, p::inflight).get(5, TimeUnit.SECONDS);
            }
            long delivered = counters.delivered.sum();
            if (delivered != lastDelivered) {
                lastDelivered = delivered;
                stableSince = System.nanoTime();
            }
            boolean quiet = System.nanoTime() - stableSince > TimeUnit.MILLISECONDS.toNanos(1000);
            if (unsettled == 0 && (delivered >= sentTotal || quiet)) {
                break;
            }
            Thread.sleep(50);
        }
        LOG.info("event=bench.drained sent={} delivered={} unsettled={}", sentTotal, counters.delivered.sum(),
                unsettled);
        return unsettled;
    }

    private DeliveryAccounting.Result account() throws Exception {
        DeliveryAccounting.PublisherRecord[] records = new DeliveryAccounting.PublisherRecord[producers.size()];
        int[] all = new int[producers.size()];
        for (int i = 0; i < records.length; i++) {
            AmqpProducer p = producers.get(i);
            records[i] = new DeliveryAccounting.PublisherRecord(p.sent(), p.accepted());
            all[i] = i;
        }
        List<DeliveryAccounting.Group> groups = List.of(new DeliveryAccounting.Group(logs, all));
        return DeliveryAccounting.account(groups, records, o.qos());
    }

    private static CompletableFuture<Void> onLoop(AmqpBenchClient c, Runnable action) {
        return CompletableFuture.runAsync(action, c.executor());
    }

    private static <T> CompletableFuture<T> ask(AmqpBenchClient c, Supplier<T> action) {
        return CompletableFuture.supplyAsync(action, c.executor());
    }
}
