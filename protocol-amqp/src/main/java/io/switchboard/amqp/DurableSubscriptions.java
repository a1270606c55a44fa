package io.switchboard.amqp;

import io.switchboard.router.api.QueueRef;
import io.switchboard.router.api.QueueSpec;
import io.switchboard.router.queue.Queues;
import java.util.List;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.TerminusDurability;
import org.apache.qpid.proton.amqp.messaging.TerminusExpiryPolicy;

/**
 * Durable topic subscriptions: a receiver whose source is durable with expiry-policy {@code never} is served
 * from a durable queue bound to its filter, named after the container id and the link name, so that it keeps
 * collecting while detached and is found again on re-attach. Closing the link (not detaching it) ends it.
 */
final class DurableSubscriptions {
    private static final String PREFIX = "sub/";

    private DurableSubscriptions() {
    }

    static boolean requested(Source source) {
        return source.getDurable() != null && source.getDurable() != TerminusDurability.NONE
                && source.getExpiryPolicy() == TerminusExpiryPolicy.NEVER;
    }

    static String queueName(String containerId, String linkName) {
        return PREFIX + containerId + "/" + linkName;
    }

    /** The subscription's queue; a re-attach with another filter replaces the subscription. */
    static QueueRef queue(Queues queues, String containerId, String linkName, String filter) {
        String name = queueName(containerId, linkName);
        QueueRef existing = queues.lookup(name);
        if (existing != null && existing.spec().bindings().equals(List.of(filter))) {
            return existing;
        }
        if (existing != null) {
            queues.delete(name);
        }
        return queues.declare(QueueSpec.onDemand(name).withDurable(true).withBindings(List.of(filter)));
    }

    /** The source describing an existing subscription, for a client that looks it up by link name. */
    static Source source(String filter) {
        Source source = new Source();
        source.setAddress(filter);
        source.setCapabilities(Address.TOPIC_CAPABILITY);
        source.setDurable(TerminusDurability.UNSETTLED_STATE);
        source.setExpiryPolicy(TerminusExpiryPolicy.NEVER);
        return source;
    }
}
