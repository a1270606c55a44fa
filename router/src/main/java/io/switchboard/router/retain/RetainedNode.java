package io.switchboard.router.retain;

import io.switchboard.router.api.Message;
import io.switchboard.router.topic.ReadMostlyTable;

/** One topic level of the retained index; written under the index's lock, read without it. */
final class RetainedNode extends ReadMostlyTable.Entry {
    final RetainedNode parent;
    volatile ReadMostlyTable<RetainedNode> children;
    /** The retained message of the topic ending at this level, or null. */
    volatile Message message;

    RetainedNode(RetainedNode parent, String level) {
        super(level);
        this.parent = parent;
    }

    boolean isEmpty() {
        return message == null && children == null;
    }
}
