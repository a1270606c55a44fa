package io.switchboard.router.api;

/**
 * A session's own bounds on the messages it holds waiting for delivery, overriding the router's
 * {@code sessions.max_queued_messages} / {@code max_queued_bytes} (e.g. per user). A value of 0 keeps the
 * router's setting.
 *
 * @param maxMessages messages the session may hold queued (not in flight); 0: the router's value
 * @param maxBytes    bytes those messages may take; 0: the router's value
 */
public record QueueLimits(int maxMessages, long maxBytes) {
    public QueueLimits {
        if (maxMessages < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("queue limits " + maxMessages + " messages, " + maxBytes + " bytes");
        }
    }
}
