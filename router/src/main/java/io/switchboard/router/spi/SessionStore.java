package io.switchboard.router.spi;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where persistent sessions survive a restart: their record, their queued and in-flight messages, and the
 * inbound QoS 2 packet ids that make exactly-once hold. Only sessions with a non-zero expiry are written,
 * and only QoS 1/2 messages. Calls come from the session's executor; implementations must be thread-safe
 * across sessions.
 */
public interface SessionStore {
    void saveSession(SessionRecord record);

    /** Removes the session and everything it holds. */
    void removeSession(String clientId);

    Collection<SessionRecord> loadSessions();

    /** Adds or replaces the entry with the same sequence. */
    void putDelivery(String clientId, StoredDelivery delivery);

    void removeDelivery(String clientId, long sequence);

    /** The session's entries in sequence order. */
    List<StoredDelivery> loadDeliveries(String clientId);

    void addInboundQos2(String clientId, int packetId);

    void removeInboundQos2(String clientId, int packetId);

    Collection<Integer> loadInboundQos2(String clientId);

    /**
     * Completes when every write issued before this call, from any thread, to this store or to the retained
     * store sharing its storage, is durable. Write methods never block: a durable backend queues them for its
     * group-commit writer; this is how a publisher learns that its message may be acknowledged. The in-memory
     * store completes at once.
     */
    default CompletableFuture<Void> sync() {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Whether a durable message of this size still fits under the store's configured maximum size; when it
     * does not, QoS 1/2 publishes that would be stored are refused (MQTT 5 reason 0x97). Unlimited by default.
     */
    default boolean fits(io.switchboard.router.api.Message message) {
        return true;
    }
}
