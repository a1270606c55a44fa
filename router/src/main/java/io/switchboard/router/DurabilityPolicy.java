package io.switchboard.router;

import io.switchboard.router.api.Durability;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.TopicFilter;
import io.switchboard.router.api.Topics;
import java.util.List;
import java.util.Objects;

/**
 * Which QoS 1/2 messages are stored before they are acknowledged: a default mode and rules by topic filter,
 * first match wins. QoS 0 is always volatile.
 *
 * @param defaultMode the mode of topics no rule matches
 * @param rules       topic-filter rules, in order
 */
public record DurabilityPolicy(Durability defaultMode, List<Rule> rules) {
    public static final DurabilityPolicy VOLATILE = new DurabilityPolicy(Durability.VOLATILE, List.of());

    public DurabilityPolicy {
        Objects.requireNonNull(defaultMode, "defaultMode");
        rules = List.copyOf(rules);
    }

    /** A policy with one mode for everything. */
    public static DurabilityPolicy of(Durability mode) {
        return new DurabilityPolicy(mode, List.of());
    }

    /** One rule: messages whose topic matches {@code filter} get {@code mode}. */
    public record Rule(TopicFilter filter, Durability mode) {
        public Rule {
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(mode, "mode");
            if (filter.isShared()) {
                throw new IllegalArgumentException("a durability rule cannot use a shared filter: " + filter.raw());
            }
        }
    }

    public Durability modeOf(Message message) {
        if (message.qos() == Qos.AT_MOST_ONCE) {
            return Durability.VOLATILE;
        }
        for (Rule rule : rules) {
            if (Topics.matches(rule.filter().filter(), message.topic())) {
                return rule.mode();
            }
        }
        return defaultMode;
    }

    /** True when any message could be durable under this policy (the broker then needs a durable store). */
    public boolean usesStore() {
        return defaultMode != Durability.VOLATILE || rules.stream().anyMatch(r -> r.mode() != Durability.VOLATILE);
    }
}
