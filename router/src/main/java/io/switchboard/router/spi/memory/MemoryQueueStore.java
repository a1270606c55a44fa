package io.switchboard.router.spi.memory;

import io.switchboard.router.api.QueueSpec;
import io.switchboard.router.spi.QueueStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Queues kept in memory only, for the life of this object. */
public final class MemoryQueueStore implements QueueStore {
    private final Map<String, QueueSpec> queues = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<Long, QueueEntry>> entries = new ConcurrentHashMap<>();

    @Override
    public void saveQueue(QueueSpec spec) {
        queues.put(spec.name(), spec);
    }

    @Override
    public void removeQueue(String name) {
        queues.remove(name);
        entries.remove(name);
    }

    @Override
    public Collection<QueueSpec> loadQueues() {
        return List.copyOf(queues.values());
    }

    @Override
    public void putEntry(String queue, QueueEntry entry) {
        entries.computeIfAbsent(queue, q -> new ConcurrentSkipListMap<>()).put(entry.sequence(), entry);
    }

    @Override
    public void removeEntry(String queue, long sequence) {
        Map<Long, QueueEntry> e = entries.get(queue);
        if (e != null) {
            e.remove(sequence);
        }
    }

    @Override
    public List<QueueEntry> loadEntries(String queue) {
        Map<Long, QueueEntry> e = entries.get(queue);
        return e == null ? List.of() : List.copyOf(e.values());
    }
}
