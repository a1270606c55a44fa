package io.switchboard.router.topic;

/**
 * One level of the topic tree. The fields are written under the tree's lock and read without it; tables are
 * created when first needed and dropped when they become empty, so that an idle branch costs little.
 */
final class TopicNode extends ReadMostlyTable.Entry {
    final TopicNode parent;
    /** Children for literal levels. */
    volatile ReadMostlyTable<TopicNode> children;
    /** Child for the level {@code +}. */
    volatile TopicNode anyLevel;
    /** Child for the level {@code #}. */
    volatile TopicNode anyLevels;
    /** Non-shared subscriptions whose filter ends at this node. */
    volatile ReadMostlyTable<Subscription> subscriptions;
    /** Share groups whose filter ends at this node, by group name. */
    volatile ReadMostlyTable<ShareGroup> groups;

    TopicNode(TopicNode parent, String level) {
        super(level);
        this.parent = parent;
    }

    boolean isEmpty() {
        return children == null && anyLevel == null && anyLevels == null && subscriptions == null && groups == null;
    }
}
