package io.switchboard.router.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Topic name validation [MQTT-4.7.3-1], [MQTT-3.3.2-2], [MQTT-1.5.4-1..2]; matching is in the shared table. */
@Timeout(10)
class TopicsTest {

    static Stream<Arguments> topicNames() {
        return Stream.of(
                Arguments.of("a", true),
                Arguments.of("a/b/c", true),
                Arguments.of("/", true),
                Arguments.of("//", true),
                Arguments.of("/a", true),
                Arguments.of("a/", true),
                Arguments.of("a//b", true),
                Arguments.of("$SYS/broker", true),
                Arguments.of("$share/g/a", true),
                Arguments.of("a b", true),
                Arguments.of("ü/ß/日本", true),
                Arguments.of("😀", true),
                Arguments.of("\u0001control", true),
                Arguments.of("x".repeat(Topics.MAX_LENGTH_BYTES), true),
                Arguments.of("日".repeat(Topics.MAX_LENGTH_BYTES / 3), true),
                Arguments.of("😀".repeat(Topics.MAX_LENGTH_BYTES / 4), true),
                Arguments.of("", false),
                Arguments.of(null, false),
                Arguments.of("+", false),
                Arguments.of("#", false),
                Arguments.of("a/+/b", false),
                Arguments.of("a/#", false),
                Arguments.of("a+", false),
                Arguments.of("a#b", false),
                Arguments.of("a\u0000b", false),
                Arguments.of("\u0000", false),
                Arguments.of("a\ud800", false),
                Arguments.of("\udc00a", false),
                Arguments.of("\udc00\ud800", false),
                Arguments.of("x".repeat(Topics.MAX_LENGTH_BYTES + 1), false),
                Arguments.of("日".repeat(Topics.MAX_LENGTH_BYTES / 3 + 1), false),
                Arguments.of("😀".repeat(Topics.MAX_LENGTH_BYTES / 4 + 1), false));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("topicNames")
    void validatesTopicNames(String topic, boolean valid) {
        assertThat(Topics.isValidTopicName(topic)).isEqualTo(valid);
    }
}
