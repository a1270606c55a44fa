package io.switchboard.router.session;

import io.switchboard.router.Acceptance;
import io.switchboard.router.Route;
import io.switchboard.router.api.Delivery;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.topic.Subscriber;

/**
 * Moves a share-group message from a member that cannot take it (gone, ended) to another member of the same
 * group, so that a shared subscription loses nothing when a member disconnects.
 */
final class ShareRedispatch {
    private ShareRedispatch() {
    }

    /** Offers the message to another member than {@code leaving}; false when the group has no other member. */
    static boolean toOtherMember(SessionContext ctx, Subscriber leaving, Message message, boolean retain,
                                 String group, String filter, Acceptance acceptance) {
        Subscriber member = ctx.topics().pickSharedMember(group, filter, leaving);
        if (member == null) {
            return false;
        }
        SubscriptionOptions options = ctx.topics().sharedOptions(group, filter, member);
        if (options == null) {
            return false;
        }
        int[] ids = options.subscriptionId() == 0 ? Delivery.NO_SUBSCRIPTION_IDS
                : new int[] {options.subscriptionId()};
        ((Route) member).offer(message, message.qos().min(options.maxQos()), retain, ids, group, filter, acceptance);
        return true;
    }
}
