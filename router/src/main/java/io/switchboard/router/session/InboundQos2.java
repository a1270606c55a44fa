package io.switchboard.router.session;

import io.switchboard.router.spi.SessionStore;
import java.util.HashSet;
import java.util.Set;

/**
 * The packet ids of QoS 2 messages a client sent that were received (PUBREC) and not yet released (PUBREL):
 * a resent PUBLISH with one of them is not routed again, which is what makes exactly-once hold, across a
 * restart too when the session is persistent. Confined to the session's executor.
 */
final class InboundQos2 {
    private final String clientId;
    private final SessionStore store;
    /** Created on first use: most clients never publish with QoS 2. */
    private Set<Integer> packetIds;

    InboundQos2(String clientId, SessionStore store) {
        this.clientId = clientId;
        this.store = store;
    }

    /** Records a new receipt; false when the packet id is already held (a duplicate to acknowledge only). */
    boolean begin(int packetId, boolean persistent) {
        if (packetIds == null) {
            packetIds = new HashSet<>();
        }
        if (!packetIds.add(packetId)) {
            return false;
        }
        if (persistent) {
            store.addInboundQos2(clientId, packetId);
        }
        return true;
    }

    /** Forgets a receipt on PUBREL; false when the packet id was not held. */
    boolean release(int packetId, boolean persistent) {
        if (packetIds == null || !packetIds.remove(packetId)) {
            return false;
        }
        if (persistent) {
            store.removeInboundQos2(clientId, packetId);
        }
        return true;
    }

    void clear() {
        packetIds = null;
    }

    void restore() {
        var stored = store.loadInboundQos2(clientId);
        if (!stored.isEmpty()) {
            packetIds = new HashSet<>(stored);
        }
    }
}
