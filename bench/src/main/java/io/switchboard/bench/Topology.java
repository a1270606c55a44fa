package io.switchboard.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Who publishes where and who subscribes to what for one MQTT scenario, and which subscribers form a delivery
 * group (one copy of each message per group).
 *
 * @param publishTopics    topic of publisher i
 * @param subscribeFilters filter of subscriber j
 * @param groups           per group: the subscriber indexes and the publisher indexes it expects messages from
 */
public record Topology(List<String> publishTopics, List<String> subscribeFilters, List<GroupPlan> groups) {

    public record GroupPlan(int[] subscribers, int[] publishers) {
    }

    /** Deliveries expected for each message of the publisher: one per delivery group that expects it. */
    public int copiesOf(int publisher) {
        int copies = 0;
        for (GroupPlan g : groups) {
            for (int p : g.publishers()) {
                if (p == publisher) {
                    copies++;
                }
            }
        }
        return Math.max(1, copies);
    }

    /** Builds the topology; {@code prefix} keeps concurrent or successive runs' topics apart. */
    public static Topology of(Scenario scenario, String prefix, int publishers, int subscribers) {
        List<String> topics = new ArrayList<>();
        List<String> filters = new ArrayList<>();
        List<GroupPlan> groups = new ArrayList<>();
        int[] allPublishers = range(publishers);
        switch (scenario) {
            case FANIN -> {
                for (int i = 0; i < publishers; i++) {
                    topics.add(prefix + "/fanin/" + i);
                }
                for (int j = 0; j < subscribers; j++) {
                    filters.add(prefix + "/fanin/+");
                    groups.add(new GroupPlan(new int[] {j}, allPublishers));
                }
            }
            case FANOUT -> {
                for (int i = 0; i < publishers; i++) {
                    topics.add(prefix + "/fanout");
                }
                for (int j = 0; j < subscribers; j++) {
                    filters.add(prefix + "/fanout");
                    groups.add(new GroupPlan(new int[] {j}, allPublishers));
                }
            }
            case PAIRS -> {
                for (int i = 0; i < publishers; i++) {
                    topics.add(prefix + "/pairs/" + i);
                    filters.add(prefix + "/pairs/" + i);
                    groups.add(new GroupPlan(new int[] {i}, new int[] {i}));
                }
            }
            case SHARED -> {
                for (int i = 0; i < publishers; i++) {
                    topics.add(prefix + "/shared/" + i);
                }
                for (int j = 0; j < subscribers; j++) {
                    filters.add("$share/bench/" + prefix + "/shared/+");
                }
                groups.add(new GroupPlan(range(subscribers), allPublishers));
            }
            default -> throw new IllegalArgumentException(scenario.label() + " has no publish/subscribe topology");
        }
        return new Topology(List.copyOf(topics), List.copyOf(filters), List.copyOf(groups));
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
