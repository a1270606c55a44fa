package io.switchboard.router.topic;

import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.api.TopicFilter;
import java.util.Arrays;
import java.util.Objects;

/**
 * All subscriptions of the broker, indexed by filter levels. Writes (subscribe, unsubscribe) may come from
 * any thread; {@link #match} is lock-free and allocates nothing per matching subscription.
 *
 * <p>Share groups: all subscriptions to {@code $share/g/f} form one group per (g, f); a message matching f is
 * given to one member, round-robin over the connected members (if none is connected, round-robin over all).
 *
 * <p>Writes are serialized by one lock and publish each change with a volatile write, so readers always see
 * a consistent node; nodes left empty by an unsubscribe are unlinked at once, so memory follows the live
 * subscriptions and not their history. {@code match} walks the topic's levels by index (no substrings) and
 * keeps a stack only where a {@code +} branch and a literal branch both continue, so deep filters cannot
 * overflow the thread's stack.
 */
public final class TopicTree {
    private static final String SHARE_PREFIX = "$share/";
    private final Object writeLock = new Object();
    private final TopicNode root = new TopicNode(null, "");
    private volatile int size;
    /** Nodes below the root; guarded by {@link #writeLock}. */
    private int nodeCount;

    /** Adds or replaces the subscriber's subscription to the filter; returns the replaced options or null. */
    public SubscriptionOptions subscribe(Subscriber subscriber, TopicFilter filter, SubscriptionOptions options) {
        Objects.requireNonNull(options, "options");
        Subscription subscription = new Subscription(subscriber, options, filter.raw());
        synchronized (writeLock) {
            TopicNode node = nodeFor(filter.filter(), true);
            Subscription replaced;
            if (filter.isShared()) {
                ReadMostlyTable<ShareGroup> groups = node.groups;
                if (groups == null) {
                    groups = new ReadMostlyTable<>();
                }
                ShareGroup group = groups.get(filter.shareGroup());
                if (group == null) {
                    group = new ShareGroup(filter.shareGroup(), filter.raw());
                    groups.put(group);
                }
                replaced = group.members.put(subscription);
                node.groups = groups;
            } else {
                ReadMostlyTable<Subscription> subscriptions = node.subscriptions;
                if (subscriptions == null) {
                    subscriptions = new ReadMostlyTable<>();
                }
                replaced = subscriptions.put(subscription);
                node.subscriptions = subscriptions;
            }
            if (replaced == null) {
                size++;
                return null;
            }
            return replaced.options;
        }
    }

    /** Removes the subscriber's subscription to the filter; returns its options or null when there was none. */
    public SubscriptionOptions unsubscribe(Subscriber subscriber, TopicFilter filter) {
        String id = subscriber.subscriberId();
        synchronized (writeLock) {
            TopicNode node = nodeFor(filter.filter(), false);
            if (node == null) {
                return null;
            }
            Subscription removed = filter.isShared()
                    ? removeMember(node, filter.shareGroup(), id)
                    : removeSubscription(node, id);
            if (removed == null) {
                return null;
            }
            size--;
            prune(node);
            return removed.options;
        }
    }

    /** Calls the visitor for every subscription matching the topic name (one member per share group). */
    public void match(String topic, MatchVisitor visitor) {
        int length = topic.length();
        boolean dollarTopic = length > 0 && topic.charAt(0) == '$';
        TopicNode node = root;
        int start = 0;
        TopicNode[] pendingNodes = null;
        int[] pendingStarts = null;
        int pending = 0;
        while (true) {
            if (start > length) {
                visit(node, visitor);
                TopicNode rest = node.anyLevels;
                if (rest != null) {
                    visit(rest, visitor);
                }
            } else {
                int end = topic.indexOf('/', start);
                if (end < 0) {
                    end = length;
                }
                TopicNode any = null;
                if (!dollarTopic || node != root) {
                    TopicNode rest = node.anyLevels;
                    if (rest != null) {
                        visit(rest, visitor);
                    }
                    any = node.anyLevel;
                }
                ReadMostlyTable<TopicNode> children = node.children;
                TopicNode literal = children == null
                        ? null
                        : children.get(topic, start, end, ReadMostlyTable.hash(topic, start, end));
                if (literal != null && any != null) {
                    if (pendingNodes == null) {
                        pendingNodes = new TopicNode[8];
                        pendingStarts = new int[8];
                    } else if (pending == pendingNodes.length) {
                        pendingNodes = Arrays.copyOf(pendingNodes, pending * 2);
                        pendingStarts = Arrays.copyOf(pendingStarts, pending * 2);
                    }
                    pendingNodes[pending] = any;
                    pendingStarts[pending] = end + 1;
                    pending++;
                }
                TopicNode next = literal != null ? literal : any;
                if (next != null) {
                    node = next;
                    start = end + 1;
                    continue;
                }
            }
            if (pending == 0) {
                return;
            }
            pending--;
            node = pendingNodes[pending];
            start = pendingStarts[pending];
        }
    }

    /**
     * Picks a member of the share group {@code (shareGroup, filter)} other than {@code exclude}, preferring
     * connected ones, for redispatching a leaving member's unacknowledged messages; null when there is none.
     * {@code filter} may be the raw filter the {@link MatchVisitor} was given ({@code $share/{group}/{filter}}) or
     * the filter without that prefix ({@link TopicFilter#filter()}).
     */
    public Subscriber pickSharedMember(String shareGroup, String filter, Subscriber exclude) {
        ShareGroup group = group(shareGroup, filter);
        if (group == null) {
            return null;
        }
        Subscription member = group.pick(exclude == null ? null : exclude.subscriberId());
        return member == null ? null : member.subscriber;
    }

    /** Options of the share-group member's subscription, or null; {@code filter} as for {@link #pickSharedMember}. */
    public SubscriptionOptions sharedOptions(String shareGroup, String filter, Subscriber member) {
        ShareGroup group = group(shareGroup, filter);
        if (group == null) {
            return null;
        }
        Subscription subscription = group.members.get(member.subscriberId());
        return subscription == null ? null : subscription.options;
    }

    /** Number of subscriptions (each share-group member counts once). */
    public int size() {
        return size;
    }

    /** Nodes below the root, for tests that check that unsubscribing gives the memory back. */
    int nodeCount() {
        synchronized (writeLock) {
            return nodeCount;
        }
    }

    private static void visit(TopicNode node, MatchVisitor visitor) {
        ReadMostlyTable<Subscription> subscriptions = node.subscriptions;
        if (subscriptions != null) {
            Object[] slots = subscriptions.slots();
            for (int i = 0; i < slots.length; i++) {
                Subscription s = ReadMostlyTable.entryAt(slots, i);
                if (s != null) {
                    visitor.matched(s.subscriber, s.options, null, s.rawFilter);
                }
            }
        }
        ReadMostlyTable<ShareGroup> groups = node.groups;
        if (groups != null) {
            Object[] slots = groups.slots();
            for (int i = 0; i < slots.length; i++) {
                ShareGroup group = ReadMostlyTable.entryAt(slots, i);
                if (group != null) {
                    Subscription member = group.pick(null);
                    if (member != null) {
                        visitor.matched(member.subscriber, member.options, group.key(), group.rawFilter);
                    }
                }
            }
        }
    }

    /** The group, found by its raw filter ({@code $share/{group}/{filter}}) or by the filter alone. */
    private ShareGroup group(String shareGroup, String filter) {
        String prefix = SHARE_PREFIX + shareGroup + "/";
        if (filter.startsWith(prefix) && filter.length() > prefix.length()) {
            ShareGroup group = groupAt(shareGroup, filter.substring(prefix.length()));
            if (group != null) {
                return group;
            }
        }
        return groupAt(shareGroup, filter);
    }

    private ShareGroup groupAt(String shareGroup, String filter) {
        TopicNode node = nodeFor(filter, false);
        if (node == null) {
            return null;
        }
        ReadMostlyTable<ShareGroup> groups = node.groups;
        return groups == null ? null : groups.get(shareGroup);
    }

    /**
     * The node where {@code filter} ends; with {@code create} (only under the lock) missing nodes are added,
     * without it null is returned when the path does not exist (safe without the lock).
     */
    private TopicNode nodeFor(String filter, boolean create) {
        TopicNode node = root;
        int length = filter.length();
        int start = 0;
        while (true) {
            int end = filter.indexOf('/', start);
            if (end < 0) {
                end = length;
            }
            boolean single = end - start == 1;
            TopicNode next;
            if (single && filter.charAt(start) == '+') {
                next = node.anyLevel;
                if (next == null && create) {
                    next = new TopicNode(node, "+");
                    node.anyLevel = next;
                    nodeCount++;
                }
            } else if (single && filter.charAt(start) == '#') {
                next = node.anyLevels;
                if (next == null && create) {
                    next = new TopicNode(node, "#");
                    node.anyLevels = next;
                    nodeCount++;
                }
            } else {
                ReadMostlyTable<TopicNode> children = node.children;
                next = children == null ? null : children.get(filter, start, end, ReadMostlyTable.hash(filter, start, end));
                if (next == null && create) {
                    next = new TopicNode(node, filter.substring(start, end));
                    if (children == null) {
                        children = new ReadMostlyTable<>();
                    }
                    children.put(next);
                    node.children = children;
                    nodeCount++;
                }
            }
            if (next == null) {
                return null;
            }
            node = next;
            if (end == length) {
                return node;
            }
            start = end + 1;
        }
    }

    private static Subscription removeSubscription(TopicNode node, String id) {
        ReadMostlyTable<Subscription> subscriptions = node.subscriptions;
        if (subscriptions == null) {
            return null;
        }
        Subscription removed = subscriptions.remove(id);
        if (subscriptions.isEmpty()) {
            node.subscriptions = null;
        }
        return removed;
    }

    private static Subscription removeMember(TopicNode node, String shareGroup, String id) {
        ReadMostlyTable<ShareGroup> groups = node.groups;
        ShareGroup group = groups == null ? null : groups.get(shareGroup);
        if (group == null) {
            return null;
        }
        Subscription removed = group.members.remove(id);
        if (group.members.isEmpty()) {
            groups.remove(shareGroup);
            if (groups.isEmpty()) {
                node.groups = null;
            }
        }
        return removed;
    }

    /** Unlinks the node and its ancestors while they hold nothing; under the lock. */
    private void prune(TopicNode node) {
        while (node != root && node.isEmpty()) {
            TopicNode parent = node.parent;
            if (parent.anyLevel == node) {
                parent.anyLevel = null;
            } else if (parent.anyLevels == node) {
                parent.anyLevels = null;
            } else {
                ReadMostlyTable<TopicNode> children = parent.children;
                children.remove(node.key());
                if (children.isEmpty()) {
                    parent.children = null;
                }
            }
            nodeCount--;
            node = parent;
        }
    }
}
