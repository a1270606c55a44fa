package io.switchboard.router.retain;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.TopicFilter;
import io.switchboard.router.spi.memory.MemoryRetainedStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Storing, replacing, clearing and expiring retained messages, written through to the store. */
@Timeout(30)
class RetainedMessagesTest {
    private static final long NOW = 1_700_000_000_000L;

    private final MemoryRetainedStore store = new MemoryRetainedStore();
    private final RetainedMessages retained = new RetainedMessages(store);

    private static Message message(String topic, String payload) {
        return Message.builder(topic, payload.getBytes(StandardCharsets.UTF_8)).retain(true).build();
    }

    private static Message expiring(String topic, long expiresAtMillis) {
        return Message.builder(topic, new byte[] {1}).retain(true).expiresAtMillis(expiresAtMillis).build();
    }

    private List<Message> match(String filter, long now) {
        List<Message> found = new ArrayList<>();
        retained.match(TopicFilter.parse(filter), now, found::add);
        return found;
    }

    @Test
    void putReplacesTheTopicsMessageAndWritesThrough() {
        Message first = message("a/b", "1");
        Message second = message("a/b", "2");

        retained.put(first);
        retained.put(second);

        assertThat(match("a/b", NOW)).containsExactly(second);
        assertThat(retained.size()).isEqualTo(1);
        assertThat(store.loadAll()).containsExactly(second);
    }

    @Test
    void emptyPayloadRemovesTheRetainedMessage() {
        retained.put(message("a/b", "1"));
        retained.put(message("a/c", "2"));

        retained.put(message("a/b", ""));

        assertThat(match("a/#", NOW)).extracting(Message::topic).containsExactly("a/c");
        assertThat(store.loadAll()).extracting(Message::topic).containsExactly("a/c");
        assertThat(retained.size()).isEqualTo(1);
    }

    @Test
    void emptyPayloadForAnUnknownTopicChangesNothing() {
        retained.put(message("a/b", "1"));

        retained.put(message("a", ""));
        retained.put(message("a/b/c", ""));
        retained.put(message("x", ""));

        assertThat(match("#", NOW)).extracting(Message::topic).containsExactly("a/b");
        assertThat(retained.size()).isEqualTo(1);
        assertThat(retained.nodeCount()).isEqualTo(2);
    }

    @Test
    void constructorLoadsTheStore() {
        store.put(message("x/1", "one"));
        store.put(message("x/2", "two"));
        store.put(message("$SYS/uptime", "3"));

        RetainedMessages reloaded = new RetainedMessages(store);

        assertThat(reloaded.size()).isEqualTo(3);
        List<Message> found = new ArrayList<>();
        reloaded.match(TopicFilter.parse("x/+"), NOW, found::add);
        assertThat(found).extracting(Message::topic).containsExactlyInAnyOrder("x/1", "x/2");
        found.clear();
        reloaded.match(TopicFilter.parse("$SYS/#"), NOW, found::add);
        assertThat(found).extracting(Message::topic).containsExactly("$SYS/uptime");
    }

    @Test
    void expiredMessagesAreSkippedAndRemovedFromIndexAndStore() {
        retained.put(expiring("sensors/1", NOW + 1_000));
        retained.put(expiring("sensors/2", NOW + 5_000));
        retained.put(message("sensors/3", "forever"));

        assertThat(match("sensors/+", NOW + 999)).hasSize(3);

        assertThat(match("sensors/+", NOW + 1_000)).extracting(Message::topic)
                .containsExactlyInAnyOrder("sensors/2", "sensors/3");
        assertThat(retained.size()).isEqualTo(2);
        assertThat(store.loadAll()).extracting(Message::topic).containsExactlyInAnyOrder("sensors/2", "sensors/3");

        assertThat(match("sensors/2", NOW + 10_000)).isEmpty();
        assertThat(match("#", NOW + 10_000)).extracting(Message::topic).containsExactly("sensors/3");
        assertThat(retained.size()).isEqualTo(1);
        assertThat(store.loadAll()).extracting(Message::topic).containsExactly("sensors/3");
    }

    @Test
    void expiryRemovesTheBranchItLeavesEmpty() {
        retained.put(expiring("a/b/c/d", NOW));

        assertThat(match("a/#", NOW)).isEmpty();

        assertThat(retained.size()).isZero();
        assertThat(retained.nodeCount()).isZero();
        assertThat(store.loadAll()).isEmpty();
    }

    @Test
    void dollarTopicsAreNotMatchedByALeadingWildcard() {
        retained.put(message("$SYS/broker/clients", "5"));
        retained.put(message("a/$SYS", "x"));

        assertThat(match("#", NOW)).extracting(Message::topic).containsExactly("a/$SYS");
        assertThat(match("+/broker/+", NOW)).isEmpty();
        assertThat(match("$SYS/#", NOW)).extracting(Message::topic).containsExactly("$SYS/broker/clients");
        assertThat(match("$share/g/#", NOW)).extracting(Message::topic).containsExactly("a/$SYS");
    }

    @Test
    void removingHundredThousandTopicsLeavesTheIndexEmpty() {
        for (int i = 0; i < 100_000; i++) {
            retained.put(message("fleet/" + (i % 100) + "/device-" + i + "/status", "on"));
        }
        assertThat(retained.size()).isEqualTo(100_000);
        assertThat(match("fleet/7/+/status", NOW)).hasSize(1_000);

        for (int i = 0; i < 100_000; i++) {
            retained.put(message("fleet/" + (i % 100) + "/device-" + i + "/status", ""));
        }

        assertThat(retained.size()).isZero();
        assertThat(retained.nodeCount()).isZero();
        assertThat(store.loadAll()).isEmpty();
    }

    @Test
    void deepTopicsDoNotExhaustTheStack() {
        String deep = "x/".repeat(30_000) + "end";
        retained.put(message(deep, "deep"));

        assertThat(match("#", NOW)).extracting(Message::topic).containsExactly(deep);
        assertThat(match("x/+/" + "+/".repeat(29_998) + "end", NOW)).hasSize(1);

        retained.put(message(deep, ""));
        assertThat(retained.nodeCount()).isZero();
    }
}
