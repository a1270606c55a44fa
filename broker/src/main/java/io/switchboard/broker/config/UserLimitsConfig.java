package io.switchboard.broker.config;

/**
 * One user's entry in {@code security.limits.users}: overrides of the global per-client limits for every
 * connection authenticated as that user. A key left out (null) takes the global value; 0 means no limit for
 * this user.
 *
 * @param publishMessagesPerSecond  PUBLISH packets per second per connection of the user
 * @param publishBytesPerSecond     PUBLISH payload bytes per second per connection of the user
 * @param maxSubscriptionsPerClient subscriptions per session of the user
 * @param maxQueuedMessages         messages one session of the user may hold queued (else
 *                                  {@code sessions.max_queued_messages}); 0 keeps the global value
 * @param maxQueuedBytes            bytes those messages may take (else {@code sessions.max_queued_bytes})
 */
public record UserLimitsConfig(Integer publishMessagesPerSecond, Long publishBytesPerSecond,
                               Integer maxSubscriptionsPerClient, Integer maxQueuedMessages, Long maxQueuedBytes) {
    /** Without queue bounds of the user's own. */
    public UserLimitsConfig(Integer publishMessagesPerSecond, Long publishBytesPerSecond,
                            Integer maxSubscriptionsPerClient) {
        this(publishMessagesPerSecond, publishBytesPerSecond, maxSubscriptionsPerClient, null, null);
    }

    public UserLimitsConfig {
        if (maxQueuedMessages != null) {
            InvalidValueException.range("max_queued_messages", maxQueuedMessages, 0, Integer.MAX_VALUE);
        }
        if (maxQueuedBytes != null) {
            InvalidValueException.range("max_queued_bytes", maxQueuedBytes, 0, Long.MAX_VALUE / 2);
        }
        if (publishMessagesPerSecond != null) {
            InvalidValueException.range("publish_messages_per_second", publishMessagesPerSecond, 0, 100_000_000);
        }
        if (publishBytesPerSecond != null) {
            InvalidValueException.range("publish_bytes_per_second", publishBytesPerSecond, 0, Long.MAX_VALUE / 2);
        }
        if (maxSubscriptionsPerClient != null) {
            InvalidValueException.range("max_subscriptions_per_client", maxSubscriptionsPerClient, 0,
                    Integer.MAX_VALUE);
        }
    }
}
