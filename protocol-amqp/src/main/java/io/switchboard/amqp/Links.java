package io.switchboard.amqp;

import io.switchboard.router.api.BrokerSession;
import io.switchboard.router.api.DeliverySink;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.QueueRef;
import io.switchboard.router.api.QueueSpec;
import io.switchboard.router.api.RetainHandling;
import io.switchboard.router.api.SubscribeOutcome;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.api.TopicFilter;
import io.switchboard.router.api.Topics;
import io.switchboard.router.security.Action;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The links of one connection: attaches a client's receiver (our {@link SubscriptionLink} on a topic, our
 * {@link QueueConsumerLink} on a queue) or sender (our {@link PublisherLink}) to its address, and keeps the router session's writability equal to "every
 * subscription link has credit" so that deliveries without credit wait, bounded, in the router session.
 */
final class Links {
    private static final Logger LOG = LoggerFactory.getLogger(Links.class);
    /** Offered in OPEN: a sender may attach without a target and address each message with {@code to}. */
    static final Symbol ANONYMOUS_RELAY = Symbol.valueOf("ANONYMOUS-RELAY");

    private final AmqpConnection owner;
    private final AmqpSettings settings;
    private final List<SubscriptionLink> subscriptions = new ArrayList<>();
    private final List<QueueConsumerLink> queueConsumers = new ArrayList<>();
    private int temporaryQueues;
    private final Map<String, Integer> filterUsers = new HashMap<>();
    private final AmqpDeliverySink sink;
    private boolean reportedWritable = true;

    Links(AmqpConnection owner, AmqpSettings settings) {
        this.owner = owner;
        this.settings = settings;
        this.sink = new AmqpDeliverySink(owner, subscriptions, this);
    }

    DeliverySink sink() {
        return sink;
    }

    void attach(Link link) {
        if (link instanceof Sender sender) {
            attachSubscription(sender);
        } else {
            attachPublisher((Receiver) link);
        }
    }

    private void attachSubscription(Sender sender) {
        Source source = (Source) sender.getRemoteSource();
        sender.setSource(source);
        sender.setTarget(sender.getRemoteTarget());
        if (source == null) {
            // Qpid JMS looks a durable subscription up (to unsubscribe) with a null source and the link name
            QueueRef existing = owner.queues().lookup(DurableSubscriptions.queueName(owner.containerId(),
                    sender.getName()));
            if (existing == null || existing.spec().bindings().size() != 1) {
                refuse(sender, AmqpError.NOT_FOUND, "no durable subscription named " + sender.getName());
                return;
            }
            if (!owner.allowed(Action.SUBSCRIBE, existing.spec().bindings().get(0))) {
                unauthorized(sender, "subscribe", existing.spec().bindings().get(0));
                return;
            }
            sender.setSource(DurableSubscriptions.source(existing.spec().bindings().get(0)));
            attachQueueConsumer(sender, existing, true);
            return;
        }
        if (source.getDynamic()) {
            attachTemporaryQueue(sender, source);
            return;
        }
        Address address = Address.parse(source.getAddress(), source.getCapabilities(), settings.bareAddress());
        if (address != null && address.kind() == AddressKind.QUEUE) {
            if (address.name().isEmpty()) {
                refuse(sender, AmqpError.INVALID_FIELD, "a queue needs a name");
            } else if (!owner.allowed(Action.SUBSCRIBE, Address.aclName(address.name()))) {
                unauthorized(sender, "consume from", Address.aclName(address.name()));
            } else {
                attachQueueConsumer(sender, owner.queues().lookupOrCreate(address.name()), false);
            }
            return;
        }
        attachTopicSubscription(sender, source, address);
    }

    private void attachTopicSubscription(Sender sender, Source source, Address address) {
        String problem = unsupported(address);
        TopicFilter filter = null;
        if (problem == null) {
            try {
                filter = TopicFilter.parse(address.name());
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        if (problem == null && DurableSubscriptions.requested(source) && filter.isShared()) {
            problem = "a durable subscription cannot use a shared filter";
        }
        if (problem != null) {
            refuse(sender, AmqpError.INVALID_FIELD, problem);
            return;
        }
        String checked = filter.isShared() ? filter.filter() : filter.raw();
        if (!owner.allowed(Action.SUBSCRIBE, checked)) {
            unauthorized(sender, "subscribe to", checked);
            return;
        }
        if (DurableSubscriptions.requested(source)) {
            attachQueueConsumer(sender, DurableSubscriptions.queue(owner.queues(), owner.containerId(),
                    sender.getName(), filter.raw()), true);
            return;
        }
        boolean presettled = sender.getRemoteSenderSettleMode() == SenderSettleMode.SETTLED;
        sender.setSenderSettleMode(presettled ? SenderSettleMode.SETTLED : SenderSettleMode.UNSETTLED);
        sender.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        SubscriptionLink subscription = new SubscriptionLink(sender, filter, presettled);
        sender.setContext(subscription);
        sender.open();
        subscriptions.add(subscription);
        updateWritability(); // the new link has no credit yet: retained messages wait in the router session
        SubscribeOutcome outcome = filterUsers.containsKey(filter.raw())
                ? SubscribeOutcome.granted(Qos.AT_LEAST_ONCE)
                : owner.session().subscribe(filter.raw(), new SubscriptionOptions(Qos.AT_LEAST_ONCE, false, false,
                        RetainHandling.SEND_ON_SUBSCRIBE, 0));
        if (!outcome.isGranted()) {
            subscriptions.remove(subscription);
            sender.setCondition(new ErrorCondition(AmqpError.UNAUTHORIZED_ACCESS, outcome.failure().name()));
            sender.close();
            updateWritability();
            return;
        }
        filterUsers.merge(filter.raw(), 1, Integer::sum);
        LOG.debug("amqp.subscribed client={} filter={} presettled={}", owner.clientId(), filter.raw(), presettled);
    }

    /** A dynamic source: a temporary queue, deleted with its last consumer, whose address is returned. */
    private void attachTemporaryQueue(Sender sender, Source requested) {
        String name = temporaryQueueName();
        Source source = new Source();
        source.setAddress(name);
        source.setDynamic(true);
        source.setCapabilities(requested.getCapabilities());
        sender.setSource(source);
        attachQueueConsumer(sender, owner.queues().declare(QueueSpec.temporary(name)), false);
    }

    private String temporaryQueueName() {
        return "tmp/" + owner.clientId() + "/" + (++temporaryQueues);
    }

    /** {@code subscription}: the queue is a durable subscription's, deleted when the link is closed (not detached). */
    private void attachQueueConsumer(Sender sender, QueueRef queue, boolean subscription) {
        boolean presettled = sender.getRemoteSenderSettleMode() == SenderSettleMode.SETTLED;
        sender.setSenderSettleMode(presettled ? SenderSettleMode.SETTLED : SenderSettleMode.UNSETTLED);
        sender.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        QueueConsumerLink consumer = new QueueConsumerLink(owner, sender, queue, presettled, subscription);
        sender.setContext(consumer);
        sender.open();
        queueConsumers.add(consumer);
        consumer.attach(owner.executor());
        LOG.debug("amqp.consuming client={} queue={} presettled={}", owner.clientId(), queue.spec().name(),
                presettled);
    }

    private void attachPublisher(Receiver receiver) {
        Target target = (Target) receiver.getRemoteTarget();
        receiver.setTarget(target);
        receiver.setSource(receiver.getRemoteSource());
        if (target == null) {
            refuse(receiver, AmqpError.INVALID_FIELD, "a sender needs a target");
            return;
        }
        if (target.getDynamic()) {
            // a dynamic target (Qpid JMS creates temporary queues this way): a temporary queue, address returned
            String name = temporaryQueueName();
            Target local = new Target();
            local.setAddress(name);
            local.setDynamic(true);
            local.setCapabilities(target.getCapabilities());
            receiver.setTarget(local);
            attachPublisher(receiver, PublishTarget.queue(owner.queues().declare(QueueSpec.temporary(name)),
                    owner.executor()));
            return;
        }
        Address address = Address.parse(target.getAddress(), target.getCapabilities(), settings.bareAddress());
        if (address == null) {
            attachPublisher(receiver, null); // the anonymous relay: each message's 'to' is checked on its own
            return;
        }
        if (address.kind() == AddressKind.QUEUE) {
            if (address.name().isEmpty()) {
                refuse(receiver, AmqpError.INVALID_FIELD, "a queue needs a name");
            } else if (!owner.allowed(Action.PUBLISH, Address.aclName(address.name()))) {
                unauthorized(receiver, "send to", Address.aclName(address.name()));
            } else {
                attachPublisher(receiver, PublishTarget.queue(owner.queues().lookupOrCreate(address.name()),
                        owner.executor()));
            }
            return;
        }
        if (!Topics.isValidTopicName(address.name())) {
            refuse(receiver, AmqpError.INVALID_FIELD, "not a valid topic name to publish to: " + address.name());
            return;
        }
        if (!owner.allowed(Action.PUBLISH, address.name())) {
            unauthorized(receiver, "publish to", address.name());
            return;
        }
        attachPublisher(receiver, PublishTarget.topic(address.name(), owner.session()));
    }

    private void attachPublisher(Receiver receiver, PublishTarget target) {
        receiver.setSenderSettleMode(receiver.getRemoteSenderSettleMode());
        receiver.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        receiver.setMaxMessageSize(UnsignedLong.valueOf(settings.maxMessageSize()));
        PublisherLink publisher = new PublisherLink(owner, receiver, target, settings);
        receiver.setContext(publisher);
        receiver.open();
        publisher.topUpCredit();
    }

    /** Why a topic address cannot be used, or null. */
    private static String unsupported(Address address) {
        return address == null ? "a receiver needs a source address" : null;
    }

    /** Refuses an attach the ACL denies; the connection and its other links carry on. */
    private void unauthorized(Link link, String what, String aclTopic) {
        refuse(link, AmqpError.UNAUTHORIZED_ACCESS, "not authorized to " + what + " " + aclTopic);
    }

    /** Refuses an attach: answer it with a null terminus, then detach with the error [AMQP 2.6.3]. */
    private void refuse(Link link, Symbol condition, String description) {
        LOG.info("amqp.attach_refused client={} link={} condition={} reason=\"{}\"", owner.clientId(),
                link.getName(), condition, description);
        if (link instanceof Sender) {
            link.setSource(null);
        } else {
            link.setTarget(null);
        }
        link.open();
        link.setCondition(new ErrorCondition(condition, description));
        link.close();
    }

    void detach(Link link, boolean closed) {
        if (closed && link.getContext() instanceof QueueConsumerLink consumer && consumer.subscription()) {
            forget(link);
            owner.queues().delete(consumer.queue().spec().name()); // closing ends a durable subscription
            LOG.info("amqp.durable_subscription_ended client={} link={}", owner.clientId(), link.getName());
        } else {
            forget(link);
        }
        if (link.getLocalState() != EndpointState.CLOSED) {
            if (closed) {
                link.close();
            } else {
                link.detach();
            }
        }
    }

    private void forget(Link link) {
        Object context = link.getContext();
        link.setContext(null);
        if (context instanceof SubscriptionLink subscription) {
            subscriptions.remove(subscription);
            subscription.abandon(owner.session());
            String raw = subscription.filter().raw();
            Integer users = filterUsers.merge(raw, -1, Integer::sum);
            if (users != null && users <= 0) {
                filterUsers.remove(raw);
                if (owner.session() != null) {
                    owner.session().unsubscribe(raw);
                }
            }
            updateWritability();
        } else if (context instanceof QueueConsumerLink consumer) {
            queueConsumers.remove(consumer);
            consumer.detach();
        } else if (context instanceof PublisherLink publisher) {
            publisher.close();
        }
    }

    /** Ending a session detaches its links implicitly (durable subscriptions stay). */
    void sessionClosed(Session session) {
        for (Link link = session.getConnection().linkHead(null, null); link != null; link = link.next(null, null)) {
            if (link.getSession() == session) {
                forget(link);
            }
        }
    }

    void flow(Link link) {
        if (link.getContext() instanceof QueueConsumerLink consumer) {
            consumer.flow();
        } else if (link.getContext() instanceof SubscriptionLink subscription) {
            updateWritability();
            subscription.drainIfAsked();
            updateWritability();
        }
    }

    void delivery(Delivery delivery) {
        Object context = delivery.getLink().getContext();
        if (context instanceof QueueConsumerLink consumer) {
            consumer.updated(delivery);
        } else if (context instanceof SubscriptionLink subscription) {
            subscription.updated(delivery, owner.session());
        } else if (context instanceof PublisherLink publisher) {
            publisher.transfer(delivery);
        }
    }

    /** Tells the router whether deliveries may flow: the channel is writable and every subscription has credit. */
    void updateWritability() {
        BrokerSession session = owner.session();
        if (session == null) {
            return;
        }
        boolean writable = owner.channel().isWritable();
        for (SubscriptionLink subscription : subscriptions) {
            writable &= subscription.hasCredit();
        }
        if (writable != reportedWritable) {
            reportedWritable = writable;
            session.writabilityChanged(writable);
        }
    }

    void closeAll() {
        for (SubscriptionLink subscription : new ArrayList<>(subscriptions)) {
            subscription.abandon(owner.session());
        }
        subscriptions.clear();
        filterUsers.clear();
        for (QueueConsumerLink consumer : queueConsumers) {
            consumer.detach();
        }
        queueConsumers.clear();
    }
}
