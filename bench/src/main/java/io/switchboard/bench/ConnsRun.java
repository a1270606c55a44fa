package io.switchboard.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.switchboard.bench.mqtt.IdleClient;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens C idle keep-alive connections, spread over 127.0.0.x source addresses, with a bounded number of
 * connects in flight; reports the connect rate and the broker's RSS growth per connection, then holds them for
 * the duration (pings flowing) and reports the broker CPU spent keeping them.
 */
final class ConnsRun {
    private static final Logger LOG = LoggerFactory.getLogger(ConnsRun.class);

    private final BenchOptions o;
    private final Transport transport = Transport.best();

    ConnsRun(BenchOptions options) {
        this.o = options;
    }

    Map<String, Object> run() throws Exception {
        EventLoopGroup group = transport.newGroup(o.threads());
        try {
            return measure(group);
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(30, TimeUnit.SECONDS);
        }
    }

    private Map<String, Object> measure(EventLoopGroup group) throws Exception {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(transport.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        transport.deferPortChoice(bootstrap);
        String prefix = "c" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        int fdsBefore = ProcStats.openFiles(o.brokerPid());
        long rssBefore = o.brokerPid() > 0 ? ProcStats.rssKiB(o.brokerPid()) : -1;
        long kernelBefore = ProcStats.kernelSocketMemoryBytes();
        Semaphore inFlight = new Semaphore(o.connectConcurrency());
        AtomicLong connected = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Channel> channels = new ArrayList<>(o.connections());
        List<IdleClient> clients = new ArrayList<>(o.connections());
        InetSocketAddress remote = new InetSocketAddress(o.host(), o.port());
        long start = System.nanoTime();
        for (int i = 0; i < o.connections(); i++) {
            inFlight.acquire();
            IdleClient client = new IdleClient(prefix + "-" + i, o.mqttLevel(), o.keepAliveSeconds());
            clients.add(client);
            InetSocketAddress local = new InetSocketAddress(sourceAddress(i), 0);
            Channel ch = bootstrap.clone().handler(client).connect(remote, local).channel();
            channels.add(ch);
            client.ready().whenComplete((v, e) -> {
                (e == null ? connected : failed).incrementAndGet();
                inFlight.release();
            });
        }
        inFlight.acquire(o.connectConcurrency());
        long connectNanos = System.nanoTime() - start;
        LOG.info("event=bench.conns_connected connected={} failed={} seconds={}", connected.get(), failed.get(),
                connectNanos / 1e9);
        ResultFields.sleepUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(1, o.warmupSeconds())));
        long rssConnected = o.brokerPid() > 0 ? ProcStats.rssKiB(o.brokerPid()) : -1;
        long kernelConnected = ProcStats.kernelSocketMemoryBytes();
        double cpu0 = o.brokerPid() > 0 ? ProcStats.cpuSeconds(o.brokerPid()) : -1;
        ResultFields.sleepUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(o.durationSeconds()));
        double cpu1 = o.brokerPid() > 0 ? ProcStats.cpuSeconds(o.brokerPid()) : -1;
        long rssEnd = o.brokerPid() > 0 ? ProcStats.rssKiB(o.brokerPid()) : -1;
        long alive = channels.stream().filter(Channel::isActive).count();
        // Live heap (JVM brokers): full collections after every RSS reading, so that they do not move RSS
        long heapConnected = JvmHeap.liveBytes(o.brokerPid());
        for (IdleClient c : clients) {
            if (c.ready().isDone() && !c.ready().isCompletedExceptionally()) {
                c.disconnect();
            }
        }
        long heapAfter = -1;
        if (heapConnected >= 0) { // the baseline: the same broker once the connections are gone
            ProcStats.awaitOpenFilesAtMost(o.brokerPid(), fdsBefore + 16, TimeUnit.SECONDS.toNanos(15));
            heapAfter = JvmHeap.liveBytes(o.brokerPid());
        }

        Map<String, Object> r = ResultFields.base(o, transport);
        r.put("connections", o.connections());
        r.put("connected", connected.get());
        r.put("failed", failed.get());
        r.put("alive_at_end", alive);
        r.put("connect_seconds", ResultFields.round2(connectNanos / 1e9));
        r.put("connects_per_s", Math.round(connected.get() / (connectNanos / 1e9)));
        r.put("broker_rss_kib_before", rssBefore >= 0 ? rssBefore : null);
        r.put("broker_rss_kib", rssConnected >= 0 ? rssConnected : null);
        r.put("broker_rss_kib_end", rssEnd >= 0 ? rssEnd : null);
        r.put("rss_bytes_per_conn", rssBefore >= 0 && rssConnected >= 0 && connected.get() > 0
                ? Math.round((rssConnected - rssBefore) * 1024.0 / connected.get()) : null);
        r.put("live_heap_bytes_per_conn", heapAfter >= 0 && heapConnected >= 0 && connected.get() > 0
                ? Math.round((heapConnected - heapAfter) / (double) connected.get()) : null);
        r.put("kernel_bytes_per_pair", kernelBefore >= 0 && kernelConnected >= 0 && connected.get() > 0
                ? Math.round((kernelConnected - kernelBefore) / (double) connected.get()) : null);
        r.put("broker_cpu_s", cpu0 >= 0 && cpu1 >= 0 ? ResultFields.round2(cpu1 - cpu0) : null);
        return r;
    }

    /** 127.0.0.1 for the first {@code perSourceAddress} connections, then 127.0.0.2, and so on. */
    private String sourceAddress(int index) {
        return "127.0.0." + (1 + index / Math.max(1, o.perSourceAddress()));
    }
}
