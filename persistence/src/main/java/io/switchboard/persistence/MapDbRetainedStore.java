package io.switchboard.persistence;

import io.switchboard.router.api.Message;
import io.switchboard.router.spi.RetainedStore;
import java.util.Collection;

/**
 * Retained messages in the same file as the sessions, written through the same group-commit writer: one
 * {@link MapDbStore#sync()} covers both. Bodies are shared with queue entries holding the same instance.
 */
final class MapDbRetainedStore implements RetainedStore {
    private final MapDbStore store;

    MapDbRetainedStore(MapDbStore store) {
        this.store = store;
    }

    @Override
    public void put(Message message) {
        store.writer().write(s -> s.putRetained(message));
    }

    @Override
    public void remove(String topic) {
        store.writer().write(s -> s.removeRetained(topic));
    }

    @Override
    public Collection<Message> loadAll() {
        return store.read(StoreState::loadRetained);
    }
}
