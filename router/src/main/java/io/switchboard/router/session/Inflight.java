package io.switchboard.router.session;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outbound QoS 1/2 deliveries sent and not yet completed, in send order, keyed by delivery id (the MQTT
 * packet identifier, 1..65535). Confined to the session's executor.
 */
final class Inflight {
    private static final int MAX_ID = 65_535;

    /** Created on first use: an idle connection of a large fleet has nothing in flight. */
    private Map<Integer, PendingDelivery> byId;
    private int lastId;

    private Map<Integer, PendingDelivery> map() {
        if (byId == null) {
            byId = new LinkedHashMap<>();
        }
        return byId;
    }

    int size() {
        return byId == null ? 0 : byId.size();
    }

    boolean isEmpty() {
        return size() == 0;
    }

    /** Assigns a free id to the delivery and records it; the caller ensures size() < 65535. */
    void add(PendingDelivery d) {
        Map<Integer, PendingDelivery> byId = map();
        int id = lastId;
        do {
            id = id == MAX_ID ? 1 : id + 1;
        } while (byId.containsKey(id));
        lastId = id;
        d.deliveryId = id;
        byId.put(id, d);
    }

    /** Re-registers a delivery restored from the store with the id it had. */
    void restore(PendingDelivery d) {
        map().put(d.deliveryId, d);
        lastId = Math.max(lastId, d.deliveryId);
    }

    PendingDelivery get(int id) {
        return byId == null ? null : byId.get(id);
    }

    PendingDelivery remove(int id) {
        return byId == null ? null : byId.remove(id);
    }

    Collection<PendingDelivery> inOrder() {
        return byId == null ? List.of() : byId.values();
    }

    void clear() {
        byId = null;
    }
}
