package io.switchboard.bench;

/**
 * Parsed options of one load-generator run (see {@link LoadGenerator} for their meaning and defaults).
 *
 * @param mqttLevel  the MQTT protocol level on the wire: 4 for 3.1.1, 5 for 5.0
 * @param presettled queue: producers and consumers use pre-settled transfers (at-most-once) instead of
 *                   unsettled ones with the accepted outcome (at-least-once)
 * @param durable    queue: messages carry header durable=true
 * @param queue      queue: the queue's name, or empty for a fresh name per run
 * @param credit     queue: each consumer's link credit
 */
public record BenchOptions(
        Scenario scenario,
        String host,
        int port,
        int qos,
        int payloadBytes,
        int publishers,
        int subscribers,
        double rate,
        int inflight,
        int durationSeconds,
        int warmupSeconds,
        long brokerPid,
        int mqttLevel,
        String label,
        String tag,
        int threads,
        int connections,
        int keepAliveSeconds,
        int connectConcurrency,
        int perSourceAddress,
        int drainTimeoutSeconds,
        long subscriberSessionExpirySeconds,
        boolean presettled,
        boolean durable,
        String queue,
        int credit) {

    /** The MQTT version as users name it: 3 (for 3.1.1) or 5. */
    public int mqttVersionName() {
        return mqttLevel == 5 ? 5 : 3;
    }
}
