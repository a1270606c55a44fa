package io.switchboard.router.retain;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.TopicFilter;
import io.switchboard.router.spi.RetainedStore;
import io.switchboard.router.topic.ReadMostlyTable;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retained message of every topic, indexed by levels for wildcard lookup that does not scan every topic.
 * Thread-safe: puts from any publishing thread, lookups from any session thread.
 *
 * <p>Changes are serialized by one lock, which also covers the write-through to the store so that the index
 * and the store agree on the last message of a topic; lookups take no lock. A lookup visits only the
 * branches its filter can match: literal levels are looked up, {@code +} and {@code #} walk the children.
 */
public final class RetainedMessages {
    private static final Logger LOG = LoggerFactory.getLogger(RetainedMessages.class);
    /** Marks a pending visit to a whole subtree, for a {@code #} level. */
    private static final int WHOLE_SUBTREE = -1;

    private final Object writeLock = new Object();
    private final RetainedNode root = new RetainedNode(null, "");
    private final RetainedStore store;
    private volatile int size;
    /** Nodes below the root; guarded by {@link #writeLock}. */
    private int nodeCount;

    /** Rebuilds the index from the store's contents and writes every later change through to it. */
    public RetainedMessages(RetainedStore store) {
        this.store = store;
        Collection<Message> stored = store.loadAll();
        synchronized (writeLock) {
            for (Message message : stored) {
                if (message.payload().length > 0) {
                    index(message);
                }
            }
        }
        LOG.info("retained.loaded messages={}", size);
    }

    /**
     * Stores the message as its topic's retained message, or removes the topic's retained message when the
     * payload is empty [MQTT-3.3.1-6], [MQTT-3.3.1-10].
     */
    public void put(Message message) {
        synchronized (writeLock) {
            if (message.payload().length > 0) {
                index(message);
                store.put(message);
                return;
            }
            RetainedNode node = find(message.topic());
            if (node != null && node.message != null) {
                clear(node);
                store.remove(message.topic());
            }
        }
    }

    /**
     * Gives every unexpired retained message whose topic matches the filter (non-shared part) to the consumer;
     * expired ones are removed on the way. Topics starting with {@code $} are not matched by a leading wildcard.
     */
    public void match(TopicFilter filter, long nowMillis, Consumer<Message> consumer) {
        String pattern = filter.filter();
        int length = pattern.length();
        ArrayDeque<RetainedNode> nodes = new ArrayDeque<>();
        ArrayDeque<Integer> starts = new ArrayDeque<>();
        nodes.push(root);
        starts.push(0);
        while (!nodes.isEmpty()) {
            RetainedNode node = nodes.pop();
            int start = starts.pop();
            if (start == WHOLE_SUBTREE) {
                deliver(node, nowMillis, consumer);
                pushChildren(node, WHOLE_SUBTREE, nodes, starts);
                continue;
            }
            if (start > length) {
                deliver(node, nowMillis, consumer);
                continue;
            }
            int end = pattern.indexOf('/', start);
            if (end < 0) {
                end = length;
            }
            boolean wildcard = end - start == 1 && (pattern.charAt(start) == '#' || pattern.charAt(start) == '+');
            if (wildcard && pattern.charAt(start) == '#') {
                deliver(node, nowMillis, consumer);
                pushChildren(node, WHOLE_SUBTREE, nodes, starts);
            } else if (wildcard) {
                pushChildren(node, end + 1, nodes, starts);
            } else {
                ReadMostlyTable<RetainedNode> children = node.children;
                RetainedNode child = children == null
                        ? null
                        : children.get(pattern, start, end, ReadMostlyTable.hash(pattern, start, end));
                if (child != null) {
                    nodes.push(child);
                    starts.push(end + 1);
                }
            }
        }
    }

    public int size() {
        return size;
    }

    /** Every retained message, {@code $} topics included, in no particular order; takes no lock. */
    public void forEach(Consumer<Message> consumer) {
        ArrayDeque<RetainedNode> nodes = new ArrayDeque<>();
        nodes.push(root);
        while (!nodes.isEmpty()) {
            RetainedNode node = nodes.pop();
            Message message = node.message;
            if (message != null) {
                consumer.accept(message);
            }
            ReadMostlyTable<RetainedNode> children = node.children;
            if (children != null) {
                Object[] slots = children.slots();
                for (int i = 0; i < slots.length; i++) {
                    RetainedNode child = ReadMostlyTable.entryAt(slots, i);
                    if (child != null) {
                        nodes.push(child);
                    }
                }
            }
        }
    }

    /** The retained message of exactly this topic, or null. */
    public Message get(String topic) {
        RetainedNode node = find(topic);
        return node == null ? null : node.message;
    }

    /** Removes the topic's retained message (administrative delete); false when it had none. */
    public boolean remove(String topic) {
        synchronized (writeLock) {
            RetainedNode node = find(topic);
            if (node == null || node.message == null) {
                return false;
            }
            clear(node);
            store.remove(topic);
            return true;
        }
    }

    /** Nodes below the root, for tests that check that removed topics give their memory back. */
    int nodeCount() {
        synchronized (writeLock) {
            return nodeCount;
        }
    }

    /** Children of the root whose level starts with '$' are skipped: a wildcard never matches them there. */
    private void pushChildren(RetainedNode node, int start, ArrayDeque<RetainedNode> nodes, ArrayDeque<Integer> starts) {
        ReadMostlyTable<RetainedNode> children = node.children;
        if (children == null) {
            return;
        }
        Object[] slots = children.slots();
        for (int i = 0; i < slots.length; i++) {
            RetainedNode child = ReadMostlyTable.entryAt(slots, i);
            if (child != null && !(node == root && child.key().startsWith("$"))) {
                nodes.push(child);
                starts.push(start);
            }
        }
    }

    private void deliver(RetainedNode node, long nowMillis, Consumer<Message> consumer) {
        Message message = node.message;
        if (message == null) {
            return;
        }
        if (message.isExpired(nowMillis)) {
            expire(node, message);
            return;
        }
        consumer.accept(message);
    }

    private void expire(RetainedNode node, Message message) {
        synchronized (writeLock) {
            if (node.message != message) {
                return;
            }
            clear(node);
            store.remove(message.topic());
        }
        LOG.debug("retained.expired topic={}", message.topic());
    }

    /** Sets the message on its topic's node, creating the path; under the lock. */
    private void index(Message message) {
        String topic = message.topic();
        int length = topic.length();
        RetainedNode node = root;
        int start = 0;
        while (start <= length) {
            int end = topic.indexOf('/', start);
            if (end < 0) {
                end = length;
            }
            ReadMostlyTable<RetainedNode> children = node.children;
            RetainedNode child = children == null
                    ? null
                    : children.get(topic, start, end, ReadMostlyTable.hash(topic, start, end));
            if (child == null) {
                child = new RetainedNode(node, topic.substring(start, end));
                if (children == null) {
                    children = new ReadMostlyTable<>();
                }
                children.put(child);
                node.children = children;
                nodeCount++;
            }
            node = child;
            start = end + 1;
        }
        if (node.message == null) {
            size++;
        }
        node.message = message;
    }

    /** The node of the topic, or null. */
    private RetainedNode find(String topic) {
        int length = topic.length();
        RetainedNode node = root;
        int start = 0;
        while (start <= length && node != null) {
            int end = topic.indexOf('/', start);
            if (end < 0) {
                end = length;
            }
            ReadMostlyTable<RetainedNode> children = node.children;
            node = children == null ? null : children.get(topic, start, end, ReadMostlyTable.hash(topic, start, end));
            start = end + 1;
        }
        return node;
    }

    /** Removes the node's message and unlinks the nodes left empty; under the lock. */
    private void clear(RetainedNode node) {
        node.message = null;
        size--;
        while (node != root && node.isEmpty()) {
            RetainedNode parent = node.parent;
            ReadMostlyTable<RetainedNode> siblings = parent.children;
            siblings.remove(node.key());
            if (siblings.isEmpty()) {
                parent.children = null;
            }
            nodeCount--;
            node = parent;
        }
    }
}
