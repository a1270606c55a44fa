package io.switchboard.router.retain;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.TopicFilter;
import io.switchboard.router.api.Topics;
import io.switchboard.router.spi.memory.MemoryRetainedStore;
import io.switchboard.router.topic.TopicMatchingCases;
import io.switchboard.router.topic.TopicMatchingCases.Case;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link RetainedMessages#match} against the shared topic-matching table. */
@Timeout(10)
class RetainedMatchingTableTest {
    private static final long NOW = 1_000_000L;

    private static Message retained(String topic) {
        return Message.builder(topic, topic.getBytes(StandardCharsets.UTF_8)).retain(true).build();
    }

    private static List<Message> match(RetainedMessages retained, String filter) {
        List<Message> found = new ArrayList<>();
        retained.match(TopicFilter.parse(filter), NOW, found::add);
        return found;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.switchboard.router.topic.TopicMatchingCases#arguments")
    void retainedIndexFollowsTheTable(Case c) {
        RetainedMessages retained = new RetainedMessages(new MemoryRetainedStore());
        Message message = retained(c.topic());
        retained.put(message);

        List<Message> found = match(retained, c.filter());

        if (c.matches()) {
            assertThat(found).containsExactly(message);
        } else {
            assertThat(found).isEmpty();
        }
    }

    /** Every topic of the table retained in one index, every filter looked up: index and reference agree. */
    @Test
    void indexHoldingEveryTopicAgreesWithReferenceOnEveryPair() {
        Set<String> filters = new LinkedHashSet<>();
        Set<String> topics = new LinkedHashSet<>();
        TopicMatchingCases.all().forEach(c -> {
            filters.add(c.filter());
            topics.add(c.topic());
        });
        RetainedMessages retained = new RetainedMessages(new MemoryRetainedStore());
        topics.forEach(topic -> retained.put(retained(topic)));
        assertThat(retained.size()).isEqualTo(topics.size());

        for (String filter : filters) {
            String pattern = TopicFilter.parse(filter).filter();
            List<String> expected = topics.stream().filter(topic -> Topics.matches(pattern, topic)).toList();
            List<String> found = match(retained, filter).stream().map(Message::topic).toList();
            assertThat(found).as("topics matching %s", filter).containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
