package io.switchboard.bench;

import java.util.List;

/**
 * Turns what publishers had acknowledged and what subscribers received into losses and duplicates.
 *
 * <p>A delivery group is a set of subscriber connections that together must receive each message of its
 * publishers exactly once: one plain subscriber, or all members of a {@code $share} group. A message the
 * broker acknowledged (QoS 1/2) that no member of a group received is a loss; a message received twice in a
 * group (by the same member or by two members) is a duplicate. For QoS 0 nothing is acknowledged, so
 * undelivered messages are counted separately as {@code qos0Undelivered} (allowed by the protocol).
 */
public final class DeliveryAccounting {

    /** Subscribers that share one copy of each message, and the publishers whose messages they expect. */
    public record Group(List<DeliveryLog> members, int[] publishers) {
    }

    /** Per publisher: sequences sent (0..sent-1) and, for QoS 1/2, the set acknowledged by the broker. */
    public record PublisherRecord(long sent, SeqSet acked) {
    }

    public record Result(long losses, long duplicates, long qos0Undelivered, long unknown) {
    }

    private DeliveryAccounting() {
    }

    public static Result account(List<Group> groups, PublisherRecord[] publishers, int qos) {
        long losses = 0;
        long duplicates = 0;
        long undelivered = 0;
        long unknown = 0;
        for (Group group : groups) {
            for (DeliveryLog member : group.members()) {
                duplicates += member.duplicates();
                unknown += member.unknownPublisher();
            }
            for (int p : group.publishers()) {
                SeqSet union = new SeqSet();
                for (DeliveryLog member : group.members()) {
                    SeqSet got = member.received(p);
                    if (got != null) {
                        duplicates += union.addAll(got);
                    }
                }
                PublisherRecord pub = publishers[p];
                if (qos > 0) {
                    losses += union.countMissing(pub.acked());
                } else {
                    undelivered += Math.max(0, pub.sent() - union.size());
                }
            }
        }
        return new Result(losses, duplicates, undelivered, unknown);
    }
}
