package io.switchboard.router.topic;

import io.switchboard.router.api.SubscriptionOptions;
import java.util.ArrayList;
import java.util.List;

/** Collects the matches of {@link TopicTree#match} for assertions; single-threaded use. */
public final class MatchRecorder implements MatchVisitor {

    /** One call of the visitor. */
    public record Match(Subscriber subscriber, SubscriptionOptions options, String shareGroup, String filter) {
    }

    private final List<Match> matches = new ArrayList<>();

    public static List<Match> match(TopicTree tree, String topic) {
        MatchRecorder recorder = new MatchRecorder();
        tree.match(topic, recorder);
        return recorder.matches();
    }

    @Override
    public void matched(Subscriber subscriber, SubscriptionOptions options, String shareGroup, String filter) {
        matches.add(new Match(subscriber, options, shareGroup, filter));
    }

    public List<Match> matches() {
        return matches;
    }

    public List<String> filters() {
        return matches.stream().map(Match::filter).toList();
    }
}
