package io.switchboard.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A number taken from each result line, by JSON path ({@code latency_us.p99}).
 *
 * @param higherIsBetter whether a ratio above 1 means the first broker did better (for the table's note)
 * @param summed         sum over runs instead of a median (losses, duplicates: every one counts)
 */
public record Metric(String path, String title, boolean higherIsBetter, boolean summed) {

    /** The metrics shown for publish/subscribe scenarios. */
    public static final List<Metric> THROUGHPUT = List.of(
            new Metric("delivered_per_s", "delivered msg/s", true, false),
            new Metric("sent_per_s", "sent msg/s", true, false),
            new Metric("acked_per_s", "acked msg/s", true, false),
            new Metric("delivered_per_broker_cpu_s", "msg per broker CPU-s", true, false),
            new Metric("latency_us.p50", "latency p50 us", false, false),
            new Metric("latency_us.p99", "latency p99 us", false, false),
            new Metric("latency_us.p999", "latency p99.9 us", false, false),
            new Metric("latency_us.max", "latency max us", false, false),
            new Metric("broker_cpu_s", "broker CPU s", false, false),
            new Metric("broker_rss_kib", "broker RSS KiB", false, false),
            new Metric("client_cpu_s", "load-generator CPU s", false, false),
            new Metric("losses", "lost (sum)", false, true),
            new Metric("duplicates", "duplicates (sum)", false, true),
            new Metric("qos0_undelivered", "QoS0 undelivered (sum)", false, true));

    /** The metrics shown for the idle-connections scenario. */
    public static final List<Metric> CONNS = List.of(
            new Metric("connected", "connected", true, false),
            new Metric("connects_per_s", "connects/s", true, false),
            new Metric("rss_bytes_per_conn", "broker RSS bytes/conn", false, false),
            new Metric("live_heap_bytes_per_conn", "live heap bytes/conn (JVM)", false, false),
            new Metric("broker_rss_kib", "broker RSS KiB", false, false),
            new Metric("kernel_bytes_per_pair", "kernel bytes/conn pair", false, false),
            new Metric("broker_cpu_s", "broker CPU s idle", false, false),
            new Metric("failed", "failed (sum)", false, true));

    /** The value in the line, or NaN when absent or null. */
    public double valueIn(JsonNode line) {
        JsonNode node = line;
        for (String part : path.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node == null || !node.isNumber() ? Double.NaN : node.asDouble();
    }
}
