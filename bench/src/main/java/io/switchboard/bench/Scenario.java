package io.switchboard.bench;

/**
 * The load shapes the generator knows. MQTT scenarios run over {@link ThroughputRun} or {@link ConnsRun};
 * {@code QUEUE} (AMQP 1.0 producers -> queue -> consumers) over {@link QueueRun}.
 */
public enum Scenario {
    /** P publishers on distinct topics -> S subscribers (default 1) on one wildcard filter. */
    FANIN,
    /** P publishers (default 1) on one topic -> S subscribers of that topic. */
    FANOUT,
    /** N publisher/subscriber pairs on distinct topics (N = --publishers). */
    PAIRS,
    /** P publishers -> one {@code $share} group of S subscribers. */
    SHARED,
    /** C idle connections with keep-alive: connect rate and broker RSS per connection. */
    CONNS,
    /** P AMQP 1.0 producers (default 4) -> one queue -> C competing consumers (default 4). */
    QUEUE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
