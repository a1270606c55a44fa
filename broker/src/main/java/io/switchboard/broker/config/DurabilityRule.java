package io.switchboard.broker.config;

import io.switchboard.router.DurabilityPolicy;
import io.switchboard.router.api.Durability;
import io.switchboard.router.api.TopicFilter;

/**
 * One entry of {@code storage.rules}: QoS 1/2 messages whose topic matches {@code filter} get
 * {@code durability}. Rules are tried in order; the first match wins.
 *
 * @param filter     an MQTT topic filter (wildcards allowed, no {@code $share/})
 * @param durability volatile or local
 */
public record DurabilityRule(String filter, Durability durability) {
    public DurabilityRule {
        InvalidValueException.required("filter", filter);
        InvalidValueException.required("durability", durability);
        toRule(filter, durability);
    }

    DurabilityPolicy.Rule toRule() {
        return toRule(filter, durability);
    }

    private static DurabilityPolicy.Rule toRule(String filter, Durability durability) {
        TopicFilter parsed;
        try {
            parsed = TopicFilter.parse(filter);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("filter", "'" + filter + "' is not a valid topic filter: "
                    + e.getMessage());
        }
        if (parsed.isShared()) {
            throw new InvalidValueException("filter", "'" + filter + "' is a shared subscription filter; a rule"
                    + " matches topics, use the filter without $share/{group}/");
        }
        return new DurabilityPolicy.Rule(parsed, durability);
    }
}
