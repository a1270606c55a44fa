package io.switchboard.bench;

import java.util.Map;

/**
 * What one run measures between the end of its warm-up and the end of its duration: the counters, the wall
 * time, the broker's and the load generator's CPU time and the broker's RSS; and the result fields every
 * throughput scenario (MQTT or AMQP) reports from them.
 */
final class MeasuredWindow {
    private final RunCounters.Snapshot first;
    private final RunCounters.Snapshot last;
    private final double seconds;
    private final double brokerCpu;
    private final double clientCpu;
    private final long brokerRssKiB;

    private MeasuredWindow(RunCounters.Snapshot first, RunCounters.Snapshot last, double seconds, double brokerCpu,
                           double clientCpu, long brokerRssKiB) {
        this.first = first;
        this.last = last;
        this.seconds = seconds;
        this.brokerCpu = brokerCpu;
        this.clientCpu = clientCpu;
        this.brokerRssKiB = brokerRssKiB;
    }

    /** Waits for {@code windowStart}, then measures until {@code windowEnd} (System.nanoTime() instants). */
    static MeasuredWindow measure(BenchOptions o, RunCounters counters, long windowStart, long windowEnd)
            throws InterruptedException {
        long broker = o.brokerPid();
        long self = ProcessHandle.current().pid();
        ResultFields.sleepUntil(windowStart);
        RunCounters.Snapshot s0 = counters.snapshot();
        double brokerCpu0 = broker > 0 ? ProcStats.cpuSeconds(broker) : -1;
        double clientCpu0 = ProcStats.cpuSeconds(self);
        long wall0 = System.nanoTime();
        ResultFields.sleepUntil(windowEnd);
        RunCounters.Snapshot s1 = counters.snapshot();
        double brokerCpu1 = broker > 0 ? ProcStats.cpuSeconds(broker) : -1;
        double clientCpu1 = ProcStats.cpuSeconds(self);
        long wall1 = System.nanoTime();
        long rss = broker > 0 ? ProcStats.rssKiB(broker) : -1;
        return new MeasuredWindow(s0, s1, (wall1 - wall0) / 1e9,
                brokerCpu0 >= 0 && brokerCpu1 >= 0 ? brokerCpu1 - brokerCpu0 : -1, clientCpu1 - clientCpu0, rss);
    }

    /** Sent, acknowledged and delivered messages per second over the window. */
    void putRates(Map<String, Object> r) {
        r.put("sent_per_s", Math.round((last.sent() - first.sent()) / seconds));
        r.put("acked_per_s", Math.round((last.acked() - first.acked()) / seconds));
        r.put("delivered_per_s", Math.round((last.delivered() - first.delivered()) / seconds));
    }

    /** Loss accounting of the whole run (warm-up included) and the totals it is based on. */
    static void putAccounting(Map<String, Object> r, DeliveryAccounting.Result acc, long unackedAtEnd,
                              RunCounters counters) {
        r.put("losses", acc.losses());
        r.put("duplicates", acc.duplicates());
        r.put("qos0_undelivered", acc.qos0Undelivered());
        r.put("unacked_at_end", unackedAtEnd);
        r.put("total_sent", counters.sent.sum());
        r.put("total_acked", counters.acked.sum());
        r.put("total_delivered", counters.delivered.sum());
        r.put("errors", counters.errors.sum() + acc.unknown());
    }

    /** Broker CPU over the window, deliveries per broker CPU-second, broker RSS, the generator's own CPU. */
    void putCosts(Map<String, Object> r) {
        r.put("broker_cpu_s", brokerCpu >= 0 ? ResultFields.round2(brokerCpu) : null);
        r.put("delivered_per_broker_cpu_s",
                brokerCpu > 0 ? Math.round((last.delivered() - first.delivered()) / brokerCpu) : null);
        r.put("broker_rss_kib", brokerRssKiB >= 0 ? brokerRssKiB : null);
        r.put("client_cpu_s", ResultFields.round2(clientCpu));
    }
}
