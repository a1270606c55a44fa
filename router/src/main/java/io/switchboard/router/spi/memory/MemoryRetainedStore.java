package io.switchboard.router.spi.memory;

import io.switchboard.router.api.Message;
import io.switchboard.router.spi.RetainedStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Retained messages kept in memory only: they live as long as this object (the volatile durability mode). */
public final class MemoryRetainedStore implements RetainedStore {
    private final Map<String, Message> byTopic = new ConcurrentHashMap<>();

    @Override
    public void put(Message message) {
        byTopic.put(message.topic(), message);
    }

    @Override
    public void remove(String topic) {
        byTopic.remove(topic);
    }

    @Override
    public Collection<Message> loadAll() {
        return List.copyOf(byTopic.values());
    }
}
