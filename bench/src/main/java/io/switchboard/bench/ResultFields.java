package io.switchboard.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The fields every result line starts with, and small formatting helpers. */
final class ResultFields {
    private ResultFields() {
    }

    static Map<String, Object> base(BenchOptions o, Transport transport) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        r.put("label", o.label());
        r.put("tag", o.tag());
        r.put("scenario", o.scenario().label());
        if (o.scenario() == Scenario.QUEUE) {
            r.put("protocol", "amqp");
            r.put("settlement", o.presettled() ? "presettled" : "unsettled");
            r.put("durable", o.durable());
            r.put("credit", o.credit());
        } else {
            r.put("protocol", "mqtt");
            r.put("mqtt_version", o.mqttVersionName());
        }
        r.put("qos", o.qos());
        r.put("payload", o.payloadBytes());
        r.put("publishers", o.publishers());
        r.put("subscribers", o.subscribers());
        r.put("rate_target", o.rate());
        r.put("inflight", o.inflight());
        if (o.scenario() != Scenario.QUEUE) {
            r.put("subscriber_session_expiry_s", o.subscriberSessionExpirySeconds());
        }
        r.put("duration_s", o.durationSeconds());
        r.put("warmup_s", o.warmupSeconds());
        r.put("port", o.port());
        r.put("client_threads", o.threads());
        r.put("transport", transport.name());
        r.put("broker_pid", o.brokerPid());
        return r;
    }

    static Map<String, Object> latency(Histogram h) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("count", h.getTotalCount());
        r.put("p50", h.getTotalCount() == 0 ? null : h.getValueAtPercentile(50));
        r.put("p99", h.getTotalCount() == 0 ? null : h.getValueAtPercentile(99));
        r.put("p999", h.getTotalCount() == 0 ? null : h.getValueAtPercentile(99.9));
        r.put("max", h.getTotalCount() == 0 ? null : h.getMaxValue());
        r.put("mean", h.getTotalCount() == 0 ? null : round(h.getMean()));
        return r;
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(100, left / 1_000_000)));
        }
    }
}
