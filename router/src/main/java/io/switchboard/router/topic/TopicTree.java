package io.switchboard.router.topic;

import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.api.TopicFilter;

/**
 * All subscriptions of the broker, indexed by filter levels. Writes (subscribe, unsubscribe) may come from
 * any thread; {@link #match} is lock-free and allocates nothing per matching subscription.
 *
 * <p>Share groups: all subscriptions to {@code $share/g/f} form one group per (g, f); a message matching f is
 * given to one member, round-robin over the connected members (if none is connected, round-robin over all).
 */
public final class TopicTree {

    /** Adds or replaces the subscriber's subscription to the filter; returns the replaced options or null. */
    public SubscriptionOptions subscribe(Subscriber subscriber, TopicFilter filter, SubscriptionOptions options) {
        throw new UnsupportedOperationException("TODO topic helper");
    }

    /** Removes the subscriber's subscription to the filter; returns its options or null when there was none. */
    public SubscriptionOptions unsubscribe(Subscriber subscriber, TopicFilter filter) {
        throw new UnsupportedOperationException("TODO topic helper");
    }

    /** Calls the visitor for every subscription matching the topic name (one member per share group). */
    public void match(String topic, MatchVisitor visitor) {
        throw new UnsupportedOperationException("TODO topic helper");
    }

    /**
     * Picks a member of the share group {@code (shareGroup, filter)} other than {@code exclude}, preferring
     * connected ones, for redispatching a leaving member's unacknowledged messages; null when there is none.
     */
    public Subscriber pickSharedMember(String shareGroup, String filter, Subscriber exclude) {
        throw new UnsupportedOperationException("TODO topic helper");
    }

    /** Options of the share-group member's subscription, or null. */
    public SubscriptionOptions sharedOptions(String shareGroup, String filter, Subscriber member) {
        throw new UnsupportedOperationException("TODO topic helper");
    }

    /** Number of subscriptions (each share-group member counts once). */
    public int size() {
        throw new UnsupportedOperationException("TODO topic helper");
    }
}
