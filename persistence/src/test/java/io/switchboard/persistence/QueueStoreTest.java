package io.switchboard.persistence;

import static io.switchboard.persistence.Fixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.OverflowPolicy;
import io.switchboard.router.api.QueueSpec;
import io.switchboard.router.spi.QueueStore.QueueEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Named queues in the MapDB file: declarations and messages survive a reopen, bodies are shared with sessions. */
@Timeout(60)
class QueueStoreTest {
    @TempDir
    Path dir;

    private MapDbStore open() {
        return MapDbStore.open(Fixtures.settings(dir));
    }

    @Test
    void queuesAndTheirEntriesSurviveReopen() throws Exception {
        QueueSpec spec = new QueueSpec("orders", true, 500, 1 << 20, OverflowPolicy.DROP_OLDEST,
                List.of("orders/#", "shop/+/orders"), "orders.dlq", false);
        Message shared = message("orders/1", "one");
        try (MapDbStore store = open()) {
            store.saveQueue(spec);
            store.saveQueue(QueueSpec.onDemand("other").withDurable(true));
            store.putEntry("orders", new QueueEntry(1, shared, 0));
            store.putEntry("orders", new QueueEntry(2, message("orders/2", "two"), 3));
            store.putEntry("orders", new QueueEntry(3, message("orders/3", "three"), 0));
            store.removeEntry("orders", 3);
            store.putDelivery("client", Fixtures.queued(1, shared)); // the same body for a session
            store.sync().get(10, TimeUnit.SECONDS);
        }
        try (MapDbStore store = open()) {
            assertThat(store.loadQueues()).extracting(QueueSpec::name).containsExactlyInAnyOrder("orders", "other");
            QueueSpec loaded = store.loadQueues().stream().filter(q -> q.name().equals("orders")).findFirst()
                    .orElseThrow();
            assertThat(loaded).isEqualTo(spec);
            List<QueueEntry> entries = store.loadEntries("orders");
            assertThat(entries).extracting(QueueEntry::sequence).containsExactly(1L, 2L);
            assertThat(entries.get(1).deliveryCount()).isEqualTo(3);
            assertThat(new String(entries.get(0).message().payload())).isEqualTo("one");
            assertThat(store.loadSessions()).isEmpty(); // queue entries never look like sessions
            assertThat(Fixtures.bodies(store)).isEqualTo(2);

            store.removeQueue("orders");
            store.sync().get(10, TimeUnit.SECONDS);
            assertThat(store.loadEntries("orders")).isEmpty();
            assertThat(Fixtures.bodies(store)).isEqualTo(1); // still referenced by the session's entry
        }
    }
}
