package io.switchboard.router.retain;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.TopicFilter;
import io.switchboard.router.spi.RetainedStore;
import java.util.function.Consumer;

/**
 * The retained message of every topic, indexed by levels for wildcard lookup that does not scan every topic.
 * Thread-safe: puts from any publishing thread, lookups from any session thread.
 */
public final class RetainedMessages {

    /** Rebuilds the index from the store's contents and writes every later change through to it. */
    public RetainedMessages(RetainedStore store) {
        throw new UnsupportedOperationException("TODO topic helper");
    }

    /**
     * Stores the message as its topic's retained message, or removes the topic's retained message when the
     * payload is empty [MQTT-3.3.1-6], [MQTT-3.3.1-10].
     */
    public void put(Message message) {
        throw new UnsupportedOperationException("TODO topic helper");
    }

    /**
     * Gives every unexpired retained message whose topic matches the filter (non-shared part) to the consumer;
     * expired ones are removed on the way. Topics starting with {@code $} are not matched by a leading wildcard.
     */
    public void match(TopicFilter filter, long nowMillis, Consumer<Message> consumer) {
        throw new UnsupportedOperationException("TODO topic helper");
    }

    public int size() {
        throw new UnsupportedOperationException("TODO topic helper");
    }
}
