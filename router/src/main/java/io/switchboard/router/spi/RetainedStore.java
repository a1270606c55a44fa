package io.switchboard.router.spi;

import io.switchboard.router.api.Message;
import java.util.Collection;

/** Where retained messages survive a restart. Owned by the router; backends implement it. */
public interface RetainedStore {
    void put(Message message);

    void remove(String topic);

    /** Everything stored, for rebuilding the index at start. */
    Collection<Message> loadAll();
}
