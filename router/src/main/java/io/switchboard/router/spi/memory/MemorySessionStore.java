package io.switchboard.router.spi.memory;

import io.switchboard.router.spi.SessionRecord;
import io.switchboard.router.spi.SessionStore;
import io.switchboard.router.spi.StoredDelivery;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Sessions kept in memory only: they survive a client's absence and a router restart within this process. */
public final class MemorySessionStore implements SessionStore {
    private final Map<String, SessionRecord> sessions = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<Long, StoredDelivery>> deliveries = new ConcurrentHashMap<>();
    private final Map<String, Set<Integer>> inboundQos2 = new ConcurrentHashMap<>();

    @Override
    public void saveSession(SessionRecord record) {
        sessions.put(record.clientId(), record);
    }

    @Override
    public void removeSession(String clientId) {
        sessions.remove(clientId);
        deliveries.remove(clientId);
        inboundQos2.remove(clientId);
    }

    @Override
    public Collection<SessionRecord> loadSessions() {
        return List.copyOf(sessions.values());
    }

    @Override
    public void putDelivery(String clientId, StoredDelivery delivery) {
        deliveries.computeIfAbsent(clientId, id -> new ConcurrentSkipListMap<>()).put(delivery.sequence(), delivery);
    }

    @Override
    public void removeDelivery(String clientId, long sequence) {
        Map<Long, StoredDelivery> entries = deliveries.get(clientId);
        if (entries != null) {
            entries.remove(sequence);
        }
    }

    @Override
    public List<StoredDelivery> loadDeliveries(String clientId) {
        Map<Long, StoredDelivery> entries = deliveries.get(clientId);
        return entries == null ? List.of() : List.copyOf(entries.values());
    }

    @Override
    public void addInboundQos2(String clientId, int packetId) {
        inboundQos2.computeIfAbsent(clientId, id -> ConcurrentHashMap.newKeySet()).add(packetId);
    }

    @Override
    public void removeInboundQos2(String clientId, int packetId) {
        Set<Integer> ids = inboundQos2.get(clientId);
        if (ids != null) {
            ids.remove(packetId);
        }
    }

    @Override
    public Collection<Integer> loadInboundQos2(String clientId) {
        Set<Integer> ids = inboundQos2.get(clientId);
        return ids == null ? List.of() : List.copyOf(ids);
    }
}
