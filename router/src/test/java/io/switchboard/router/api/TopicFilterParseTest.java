package io.switchboard.router.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Filter validation [MQTT-4.7.1-*], [MQTT-4.7.3-1], [MQTT-4.8.2-1..2], [MQTT-1.5.4-*]. */
@Timeout(10)
class TopicFilterParseTest {

    static Stream<Arguments> validFilters() {
        return Stream.of(
                // raw, share group, filter
                Arguments.of("a", null, "a"),
                Arguments.of("a/b/c", null, "a/b/c"),
                Arguments.of("#", null, "#"),
                Arguments.of("+", null, "+"),
                Arguments.of("a/#", null, "a/#"),
                Arguments.of("+/+/#", null, "+/+/#"),
                Arguments.of("a/+/b", null, "a/+/b"),
                Arguments.of("/", null, "/"),
                Arguments.of("//", null, "//"),
                Arguments.of("/+", null, "/+"),
                Arguments.of("+/", null, "+/"),
                Arguments.of("/#", null, "/#"),
                Arguments.of("$SYS/#", null, "$SYS/#"),
                Arguments.of("$share", null, "$share"),
                Arguments.of("$sharex/a", null, "$sharex/a"),
                Arguments.of("$SHARE/g/a", null, "$SHARE/g/a"),
                Arguments.of("a b/c", null, "a b/c"),
                Arguments.of("ü/😀/+", null, "ü/😀/+"),
                Arguments.of("$share/g/a", "g", "a"),
                Arguments.of("$share/g/#", "g", "#"),
                Arguments.of("$share/group-1/a/+/c", "group-1", "a/+/c"),
                Arguments.of("$share/g//", "g", "/"),
                Arguments.of("$share/g//a", "g", "/a"),
                Arguments.of("$share/ü/a", "ü", "a"),
                Arguments.of("$share/g/$share/h/a", "g", "$share/h/a"),
                Arguments.of("x".repeat(Topics.MAX_LENGTH_BYTES), null, "x".repeat(Topics.MAX_LENGTH_BYTES)),
                Arguments.of("é".repeat(Topics.MAX_LENGTH_BYTES / 2) + "x", null,
                        "é".repeat(Topics.MAX_LENGTH_BYTES / 2) + "x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFilters")
    void acceptsValidFilters(String raw, String group, String filter) {
        TopicFilter parsed = TopicFilter.parse(raw);
        assertThat(parsed).isEqualTo(new TopicFilter(raw, group, filter));
        assertThat(parsed.isShared()).isEqualTo(group != null);
        assertThat(parsed.hasWildcard()).isEqualTo(filter.contains("+") || filter.contains("#"));
    }

    static Stream<Arguments> invalidFilters() {
        return Stream.of(
                Arguments.of("", "empty"),
                Arguments.of("a/#/b", "'#' must"),
                Arguments.of("#/a", "'#' must"),
                Arguments.of("a#", "'#' must"),
                Arguments.of("#a", "'#' must"),
                Arguments.of("a/b#", "'#' must"),
                Arguments.of("##", "'#' must"),
                Arguments.of("a+", "'+' must"),
                Arguments.of("+a", "'+' must"),
                Arguments.of("a/+b/c", "'+' must"),
                Arguments.of("++", "'+' must"),
                Arguments.of("a\u0000b", "NUL"),
                Arguments.of("\u0000", "NUL"),
                Arguments.of("a/\ud800", "unpaired surrogate"),
                Arguments.of("\udc00/a", "unpaired surrogate"),
                Arguments.of("x".repeat(Topics.MAX_LENGTH_BYTES + 1), "65535"),
                Arguments.of("é".repeat(Topics.MAX_LENGTH_BYTES / 2 + 1), "65535"),
                Arguments.of("$share/g", "no topic filter"),
                Arguments.of("$share/", "no topic filter"),
                Arguments.of("$share//a", "empty share name"),
                Arguments.of("$share/g/", "empty topic filter"),
                Arguments.of("$share/g+/a", "wildcard"),
                Arguments.of("$share/+/a", "wildcard"),
                Arguments.of("$share/#/a", "wildcard"),
                Arguments.of("$share/g#/a", "wildcard"),
                Arguments.of("$share/g/a/#/b", "'#' must"),
                Arguments.of("$share/g/a+", "'+' must"),
                Arguments.of("$share/g/a\u0000", "NUL"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidFilters")
    void rejectsInvalidFilters(String raw, String reason) {
        assertThatThrownBy(() -> TopicFilter.parse(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> TopicFilter.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
