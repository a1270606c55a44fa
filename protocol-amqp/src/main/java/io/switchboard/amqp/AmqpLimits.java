package io.switchboard.amqp;

import io.switchboard.router.limit.MemoryBudget;

/**
 * Limits the AMQP listeners enforce (0 means no limit for every number). Publishers are held back by link
 * credit, never by dropping what they sent: a connection over its publish rate, or a broker over its memory
 * budget, gets no more credit until it is back within bounds.
 *
 * @param connectionsPerSecond     new connections accepted per second on each listener (burst: the same number)
 * @param maxConnections           open connections over all listeners of every protocol
 * @param publishMessagesPerSecond messages per second per connection (credit granted at most at that rate)
 * @param publishBytesPerSecond    message bytes per second per connection (no credit while over it)
 * @param memory                   the broker's memory budget, or null
 */
public record AmqpLimits(
        int connectionsPerSecond,
        int maxConnections,
        int publishMessagesPerSecond,
        long publishBytesPerSecond,
        MemoryBudget memory) {

    public static final AmqpLimits NONE = new AmqpLimits(0, 0, 0, 0, null);

    public boolean limitsPublishRate() {
        return publishMessagesPerSecond > 0 || publishBytesPerSecond > 0;
    }
}
