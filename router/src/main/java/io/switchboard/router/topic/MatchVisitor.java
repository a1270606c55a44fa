package io.switchboard.router.topic;

import io.switchboard.router.api.SubscriptionOptions;

/** Receives matches from {@link TopicTree#match}; called on the publishing thread, must not block. */
@FunctionalInterface
public interface MatchVisitor {
    /**
     * One matching subscription. For a non-shared subscription {@code shareGroup} is null; for a share group,
     * the visitor is called once per matching group with the one member the group picked for this message.
     *
     * @param filter the raw filter of the subscription (identity within the subscriber), e.g. {@code $share/g/a/+}
     */
    void matched(Subscriber subscriber, SubscriptionOptions options, String shareGroup, String filter);
}
