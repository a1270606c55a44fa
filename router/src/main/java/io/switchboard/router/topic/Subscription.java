package io.switchboard.router.topic;

import io.switchboard.router.api.SubscriptionOptions;

/** One subscriber's subscription at a node of the tree (or in a share group), keyed by subscriber id. */
final class Subscription extends ReadMostlyTable.Entry {
    final Subscriber subscriber;
    final SubscriptionOptions options;
    /** The filter as the client sent it, e.g. {@code a/+} or {@code $share/g/a/+}. */
    final String rawFilter;

    Subscription(Subscriber subscriber, SubscriptionOptions options, String rawFilter) {
        super(subscriber.subscriberId());
        this.subscriber = subscriber;
        this.options = options;
        this.rawFilter = rawFilter;
    }
}
