package io.switchboard.router;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.api.Delivery;
import io.switchboard.router.topic.MatchVisitor;
import io.switchboard.router.topic.Subscriber;
import java.util.Arrays;

/**
 * Collects the matches of one publish and merges several subscriptions of the same destination into one
 * delivery: highest granted QoS, every subscription identifier, retain-as-published if any asks for it
 * [MQTT-3.3.4-2], [MQTT-3.3.4-3], [MQTT-3.3.4-5]. Share-group matches are separate deliveries. Reused per thread:
 * the arrays grow to the largest fan-out seen and are not reallocated afterwards.
 */
final class MatchCollector implements MatchVisitor {
    private static final int LINEAR_SCAN_LIMIT = 16;

    private Route[] routes = new Route[16];
    private int[] maxQos = new int[16];
    private boolean[] retainAsPublished = new boolean[16];
    private int[][] subscriptionIds = new int[16][];
    private String[] shareGroups = new String[16];
    private String[] shareFilters = new String[16];
    private int count;
    private String publisherId;
    private java.util.IdentityHashMap<Subscriber, Integer> index;
    boolean busy;

    void reset(String publisher) {
        this.publisherId = publisher;
        this.count = 0;
        if (index != null) {
            index.clear();
        }
    }

    int count() {
        return count;
    }

    @Override
    public void matched(Subscriber subscriber, SubscriptionOptions options, String shareGroup, String filter) {
        if (options.noLocal() && publisherId != null && publisherId.equals(subscriber.subscriberId())) {
            return; // [MQTT-3.8.3-3]
        }
        if (shareGroup == null) {
            int existing = find(subscriber);
            if (existing >= 0) {
                maxQos[existing] = Math.max(maxQos[existing], options.maxQos().level());
                retainAsPublished[existing] |= options.retainAsPublished();
                subscriptionIds[existing] = addId(subscriptionIds[existing], options.subscriptionId());
                return;
            }
        }
        ensureCapacity();
        int i = count++;
        routes[i] = (Route) subscriber;
        maxQos[i] = options.maxQos().level();
        retainAsPublished[i] = options.retainAsPublished();
        subscriptionIds[i] = options.subscriptionId() == 0 ? Delivery.NO_SUBSCRIPTION_IDS
                : new int[] {options.subscriptionId()};
        shareGroups[i] = shareGroup;
        shareFilters[i] = shareGroup == null ? null : filter;
        if (shareGroup == null && index != null) {
            index.put(subscriber, i);
        }
    }

    /** Offers the message to every collected destination, then forgets them; {@code durable} may be null. */
    void dispatch(Message message, PublishAck durable) {
        for (int i = 0; i < count; i++) {
            Qos qos = message.qos().min(Qos.ofLevel(maxQos[i]));
            boolean retain = retainAsPublished[i] && message.retain();
            if (durable != null) {
                durable.expect();
            }
            routes[i].offer(message, qos, retain, subscriptionIds[i], shareGroups[i], shareFilters[i], durable);
            routes[i] = null;
            subscriptionIds[i] = null;
            shareGroups[i] = null;
            shareFilters[i] = null;
        }
        count = 0;
    }

    private int find(Subscriber subscriber) {
        if (count <= LINEAR_SCAN_LIMIT) {
            for (int i = 0; i < count; i++) {
                if (routes[i] == subscriber && shareGroups[i] == null) {
                    return i;
                }
            }
            return -1;
        }
        if (index == null) {
            index = new java.util.IdentityHashMap<>();
        }
        if (index.isEmpty()) {
            for (int i = 0; i < count; i++) {
                if (shareGroups[i] == null) {
                    index.put(routes[i], i);
                }
            }
        }
        Integer i = index.get(subscriber);
        return i == null ? -1 : i;
    }

    private static int[] addId(int[] ids, int id) {
        if (id == 0) {
            return ids;
        }
        for (int existing : ids) {
            if (existing == id) {
                return ids;
            }
        }
        int[] grown = Arrays.copyOf(ids, ids.length + 1);
        grown[ids.length] = id;
        Arrays.sort(grown);
        return grown;
    }

    private void ensureCapacity() {
        if (count < routes.length) {
            return;
        }
        int n = routes.length * 2;
        routes = Arrays.copyOf(routes, n);
        maxQos = Arrays.copyOf(maxQos, n);
        retainAsPublished = Arrays.copyOf(retainAsPublished, n);
        subscriptionIds = Arrays.copyOf(subscriptionIds, n);
        shareGroups = Arrays.copyOf(shareGroups, n);
        shareFilters = Arrays.copyOf(shareFilters, n);
    }
}
