package io.switchboard.router.session;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Outbound QoS 1/2 deliveries sent and not yet completed, in send order, keyed by delivery id (the MQTT
 * packet identifier, 1..65535). Confined to the session's executor.
 */
final class Inflight {
    private static final int MAX_ID = 65_535;

    private final Map<Integer, PendingDelivery> byId = new LinkedHashMap<>();
    private int lastId;

    int size() {
        return byId.size();
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    /** Assigns a free id to the delivery and records it; the caller ensures size() < 65535. */
    void add(PendingDelivery d) {
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
        byId.put(d.deliveryId, d);
        lastId = Math.max(lastId, d.deliveryId);
    }

    PendingDelivery get(int id) {
        return byId.get(id);
    }

    PendingDelivery remove(int id) {
        return byId.remove(id);
    }

    Collection<PendingDelivery> inOrder() {
        return byId.values();
    }

    void clear() {
        byId.clear();
    }
}
