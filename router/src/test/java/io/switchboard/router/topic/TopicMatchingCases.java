package io.switchboard.router.topic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The shared table of topic-matching cases, {@code topic-matching.tsv}: every implementation of matching
 * (reference, topic tree, retained index) is tested against the same rows.
 */
public final class TopicMatchingCases {
    private static final String RESOURCE = "/topic-matching.tsv";

    /** One row: does the (possibly shared) filter match the topic name. */
    public record Case(String filter, String topic, boolean matches) {
        @Override
        public String toString() {
            return "'" + filter + "' vs '" + topic + "' -> " + matches;
        }
    }

    private TopicMatchingCases() {
    }

    public static List<Case> all() {
        InputStream in = TopicMatchingCases.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is not on the test classpath");
        }
        List<Case> cases = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (!"filter\ttopic\tmatches".equals(header)) {
                throw new IllegalStateException("unexpected header in " + RESOURCE + ": " + header);
            }
            String line;
            int number = 1;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isEmpty()) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                if (columns.length != 3 || !columns[2].matches("true|false")) {
                    throw new IllegalStateException(RESOURCE + " line " + number + " is malformed: " + line);
                }
                cases.add(new Case(columns[0], columns[1], Boolean.parseBoolean(columns[2])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    /** The rows as JUnit arguments, one {@link Case} each. */
    public static Stream<Arguments> arguments() {
        return all().stream().map(Arguments::of);
    }
}
