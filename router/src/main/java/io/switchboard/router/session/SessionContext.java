package io.switchboard.router.session;

import io.switchboard.router.RouterCounters;
import io.switchboard.router.RouterSettings;
import io.switchboard.router.api.SessionExecutor;
import io.switchboard.router.retain.RetainedMessages;
import io.switchboard.router.spi.SessionStore;
import io.switchboard.router.topic.TopicTree;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * What every session of one router shares: its indexes, store, limits and clock. One instance per router.
 */
public record SessionContext(
        RouterSettings settings,
        TopicTree topics,
        RetainedMessages retained,
        SessionStore store,
        RouterCounters counters,
        Function<String, SessionExecutor> offlineExecutors,
        Publisher publisher,
        LongSupplier clock) {

    long now() {
        return clock.getAsLong();
    }
}
