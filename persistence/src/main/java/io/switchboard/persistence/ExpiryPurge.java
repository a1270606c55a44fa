package io.switchboard.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;

/** {@link StoreState#purgeExpired(long)}: deletes queued entries and retained messages whose message expired. */
final class ExpiryPurge {
    private ExpiryPurge() {
    }

    /**
     * @param expiresAt expiry time by body id, of every stored body that expires
     * @return how many entries and retained topics were deleted
     */
    static int purge(StoreState s, LongLongHashMap expiresAt, long nowMillis) {
        if (expiresAt.isEmpty()) {
            return 0;
        }
        LongLongHashMap expired = new LongLongHashMap();
        expiresAt.forEachKeyValue((id, at) -> {
            if (nowMillis >= at) {
                expired.put(id, at);
            }
        });
        if (expired.isEmpty()) {
            return 0;
        }
        List<Object[]> doomed = new ArrayList<>();
        s.overlay.flush();
        for (Map.Entry<Object[], byte[]> e : s.entries.entrySet()) {
            RecordCodec.Entry entry = RecordCodec.decodeEntry(e.getValue());
            if (entry.deliveryId() == 0 && expired.containsKey(entry.messageId())) {
                doomed.add(e.getKey());
            }
        }
        for (Object[] key : doomed) {
            s.removeDelivery((String) key[0], (Long) key[1]);
        }
        List<String> topics = new ArrayList<>();
        for (Map.Entry<String, Long> e : s.retained.entrySet()) {
            if (expired.containsKey(e.getValue())) {
                topics.add(e.getKey());
            }
        }
        topics.forEach(s::removeRetained);
        return doomed.size() + topics.size();
    }
}
