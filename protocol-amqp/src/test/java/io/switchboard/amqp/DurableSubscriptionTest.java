package io.switchboard.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.jms.Connection;
import javax.jms.Message;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.Topic;
import javax.jms.TopicSubscriber;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.messaging.TerminusDurability;
import org.apache.qpid.proton.amqp.messaging.TerminusExpiryPolicy;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Durable subscriptions keep collecting while detached and are found again by container id and link name. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurableSubscriptionTest {
    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = new TestBroker();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void jmsDurableSubscriberCollectsWhileAwayAndUnsubscribeEndsIt() throws Exception {
        JmsConnectionFactory factory = new JmsConnectionFactory(broker.uri());
        Connection publisherConnection = factory.createConnection();
        publisherConnection.start();
        Session publisherSession = publisherConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = publisherSession.createProducer(publisherSession.createTopic("news/sport"));
        String queueName = DurableSubscriptions.queueName("durable-client", "sub1");
        try {
            Connection connection = factory.createConnection();
            connection.setClientID("durable-client");
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic("news/#");
            TopicSubscriber subscriber = session.createDurableSubscriber(topic, "sub1");
            producer.send(publisherSession.createTextMessage("first"));
            assertThat(QpidJmsTopicTest.payload(subscriber.receive(5_000))).isEqualTo("first");
            subscriber.close(); // detaches: the subscription stays and collects
            connection.close();

            producer.send(publisherSession.createTextMessage("while-away-1"));
            producer.send(publisherSession.createTextMessage("while-away-2"));
            assertThat(broker.router.queues().lookup(queueName).depth()).isEqualTo(2);

            Connection again = factory.createConnection();
            again.setClientID("durable-client");
            again.start();
            Session againSession = again.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TopicSubscriber resumed = againSession.createDurableSubscriber(againSession.createTopic("news/#"), "sub1");
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Message message = resumed.receive(5_000);
                assertThat(message).isNotNull();
                got.add(QpidJmsTopicTest.payload(message));
            }
            assertThat(got).containsExactly("while-away-1", "while-away-2");
            resumed.close();
            againSession.unsubscribe("sub1");
            assertThat(broker.router.queues().lookup(queueName)).isNull();
            again.close();
        } finally {
            publisherConnection.close();
        }
    }

    @Test
    void protonReceiverWithADurableSourceIsResumedByContainerIdAndLinkName() throws Exception {
        String queueName = DurableSubscriptions.queueName("proton-client", "durable-alerts");
        try (ProtonClient first = ProtonClient.opened(broker.port())) {
            org.apache.qpid.proton.engine.Session session = first.connection.session();
            session.open();
            Receiver receiver = durableReceiver(session);
            receiver.flow(10);
            first.pumpUntil(() -> receiver.getRemoteState() == EndpointState.ACTIVE);
            receiver.detach();
            first.pumpUntil(() -> receiver.getRemoteState() != EndpointState.ACTIVE);
        }
        try (ProtonClient publisher = ProtonClient.opened(broker.port())) {
            org.apache.qpid.proton.engine.Session session = publisher.connection.session();
            session.open();
            Sender sender = ProtonClient.sender(session, "topic://alerts/fire", SenderSettleMode.UNSETTLED);
            publisher.pumpUntil(() -> sender.getCredit() > 0);
            ProtonClient.send(sender, "alarm");
            publisher.pumpUntil(() -> broker.router.queues().lookup(queueName).depth() == 1);
        }
        try (ProtonClient again = ProtonClient.opened(broker.port())) {
            org.apache.qpid.proton.engine.Session session = again.connection.session();
            session.open();
            Receiver resumed = durableReceiver(session);
            resumed.flow(10);
            List<String> got = new ArrayList<>();
            again.pumpUntil(() -> ProtonClient.drain(resumed, got) && got.size() == 1);
            assertThat(got).containsExactly("alarm");
            resumed.close();
            again.pumpUntil(() -> broker.router.queues().lookup(queueName) == null);
        }
    }

    private static Receiver durableReceiver(org.apache.qpid.proton.engine.Session session) {
        Receiver receiver = session.receiver("durable-alerts");
        Source source = new Source();
        source.setAddress("topic://alerts/#");
        source.setDurable(TerminusDurability.UNSETTLED_STATE);
        source.setExpiryPolicy(TerminusExpiryPolicy.NEVER);
        receiver.setSource(source);
        receiver.setTarget(new Target());
        receiver.open();
        return receiver;
    }
}
