package io.switchboard.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.api.OverflowPolicy;
import io.switchboard.router.api.QueueSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.jms.Connection;
import javax.jms.Destination;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.TemporaryQueue;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Named queues over AMQP: order, competing consumers, settlement outcomes, credit from the queue, request/reply. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueueTest {
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
    void jmsQueueSendAndReceiveInOrder() throws Exception {
        Connection connection = new JmsConnectionFactory(broker.uri()).createConnection();
        try {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("jobs"));
            for (int i = 0; i < 200; i++) {
                producer.send(session.createTextMessage("job-" + i));
            }
            assertThat(broker.router.queues().lookup("jobs").depth()).isEqualTo(200);
            MessageConsumer consumer = session.createConsumer(session.createQueue("jobs"));
            for (int i = 0; i < 200; i++) {
                Message received = consumer.receive(5_000);
                assertThat(received).as("job %d", i).isNotNull();
                assertThat(QpidJmsTopicTest.payload(received)).isEqualTo("job-" + i);
            }
        } finally {
            connection.close();
        }
    }

    @Test
    void competingConsumersShareTheQueueWithoutDuplicates() throws Exception {
        try (ProtonClient first = ProtonClient.opened(broker.port());
             ProtonClient second = ProtonClient.opened(broker.port());
             ProtonClient producer = ProtonClient.opened(broker.port())) {
            Receiver a = consumer(first, "queue://work", 100);
            Receiver b = consumer(second, "queue://work", 100);
            org.apache.qpid.proton.engine.Session session = producer.connection.session();
            session.open();
            Sender sender = ProtonClient.sender(session, "work", SenderSettleMode.UNSETTLED);
            producer.pumpUntil(() -> sender.getCredit() > 0);
            for (int i = 0; i < 40; i++) {
                ProtonClient.send(sender, "w" + i);
            }
            producer.pumpUntil(() -> sender.getUnsettled() == 0 || allAccepted(sender));
            List<String> gotA = new ArrayList<>();
            List<String> gotB = new ArrayList<>();
            long deadline = System.nanoTime() + ProtonClient.TIMEOUT.toNanos();
            while (gotA.size() + gotB.size() < 40 && System.nanoTime() < deadline) {
                first.pumpOnce();
                ProtonClient.drain(a, gotA);
                second.pumpOnce();
                ProtonClient.drain(b, gotB);
            }
            Set<String> all = new HashSet<>(gotA);
            all.addAll(gotB);
            assertThat(gotA.size() + gotB.size()).isEqualTo(40);
            assertThat(all).hasSize(40);
            assertThat(gotA).as("both consumers compete").isNotEmpty();
            assertThat(gotB).as("both consumers compete").isNotEmpty();
        }
    }

    @Test
    void releasedAndModifiedMessagesAreRedeliveredWithTheirDeliveryCount() throws Exception {
        try (ProtonClient client = ProtonClient.opened(broker.port())) {
            org.apache.qpid.proton.engine.Session session = client.connection.session();
            session.open();
            Sender sender = ProtonClient.sender(session, "queue://retry", SenderSettleMode.SETTLED);
            client.pumpUntil(() -> sender.getCredit() > 0);
            ProtonClient.send(sender, "once");
            Receiver receiver = consumer(client, "queue://retry", 1);

            Delivery first = next(client, receiver);
            assertThat(deliveryCount(first)).isZero();
            first.disposition(Released.getInstance());
            first.settle();
            receiver.flow(1);
            Delivery second = next(client, receiver);
            assertThat(body(second)).isEqualTo("once");
            assertThat(deliveryCount(second)).as("released: not a failed delivery").isZero();

            Modified failed = new Modified();
            failed.setDeliveryFailed(true);
            second.disposition(failed);
            second.settle();
            receiver.flow(1);
            Delivery third = next(client, receiver);
            assertThat(body(third)).isEqualTo("once");
            assertThat(deliveryCount(third)).isEqualTo(1);
            third.disposition(Accepted.getInstance());
            third.settle();
            client.pumpUntil(() -> broker.router.queues().lookup("retry").depth() == 0);
        }
    }

    @Test
    void aFullQueueGivesItsProducerNoMoreCreditUntilConsumed() throws Exception {
        broker.router.queues().declare(new QueueSpec("small", false, 5, 1_000_000, OverflowPolicy.DROP_NEW,
                List.of(), null, false));
        try (ProtonClient client = ProtonClient.opened(broker.port())) {
            org.apache.qpid.proton.engine.Session session = client.connection.session();
            session.open();
            Sender sender = ProtonClient.sender(session, "queue://small", SenderSettleMode.UNSETTLED);
            client.pumpUntil(() -> sender.getCredit() > 0);
            assertThat(sender.getCredit()).as("credit bounded by the queue's room").isEqualTo(5);
            for (int i = 0; i < 5; i++) {
                ProtonClient.send(sender, "s" + i);
            }
            client.pumpUntil(() -> allAccepted(sender));
            assertThat(sender.getCredit()).isZero();
            Receiver receiver = consumer(client, "queue://small", 10);
            List<String> got = new ArrayList<>();
            client.pumpUntil(() -> ProtonClient.drain(receiver, got) && got.size() == 5
                    && sender.getCredit() > 0);
            assertThat(got).containsExactly("s0", "s1", "s2", "s3", "s4");
        }
    }

    @Test
    void expiredMessagesAreNeverDelivered() throws Exception {
        try (ProtonClient client = ProtonClient.opened(broker.port())) {
            org.apache.qpid.proton.engine.Session session = client.connection.session();
            session.open();
            Sender sender = ProtonClient.sender(session, "queue://ttl", SenderSettleMode.UNSETTLED);
            client.pumpUntil(() -> sender.getCredit() > 0);
            org.apache.qpid.proton.message.Message stale = Proton.message();
            stale.setBody(new Data(new Binary("stale".getBytes(StandardCharsets.UTF_8))));
            stale.setExpiryTime(System.currentTimeMillis() - 1_000); // absolute-expiry-time already passed
            ProtonClient.send(sender, stale);
            org.apache.qpid.proton.message.Message shortLived = Proton.message();
            shortLived.setBody(new Data(new Binary("short".getBytes(StandardCharsets.UTF_8))));
            shortLived.setTtl(1); // 1 ms: expired by the time a consumer attaches after the round trip below
            ProtonClient.send(sender, shortLived);
            ProtonClient.send(sender, "fresh");
            client.pumpUntil(() -> allAccepted(sender) && sender.getUnsettled() == 3);
            long sentAt = System.nanoTime();
            // expiry is measured against the wall clock: wait on the accepted round trip, then for 1 ms to pass
            client.pumpUntil(() -> System.nanoTime() - sentAt > TimeUnit.MILLISECONDS.toNanos(5));
            Receiver receiver = consumer(client, "queue://ttl", 10);
            List<String> got = new ArrayList<>();
            client.pumpUntil(() -> ProtonClient.drain(receiver, got) && !got.isEmpty());
            assertThat(got).containsExactly("fresh");
        }
    }

    @Test
    void requestReplyThroughATemporaryQueue() throws Exception {
        JmsConnectionFactory factory = new JmsConnectionFactory(broker.uri());
        Connection requester = factory.createConnection();
        Connection responder = factory.createConnection();
        try {
            requester.start();
            responder.start();
            Session serviceSession = responder.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer service = serviceSession.createConsumer(serviceSession.createQueue("requests"));
            MessageProducer replies = serviceSession.createProducer(null);

            Session clientSession = requester.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replyQueue = clientSession.createTemporaryQueue();
            MessageConsumer replyConsumer = clientSession.createConsumer(replyQueue);
            Message request = clientSession.createTextMessage("ping");
            request.setJMSReplyTo(replyQueue);
            request.setJMSCorrelationID("r-1");
            clientSession.createProducer(clientSession.createQueue("requests")).send(request);

            Message received = service.receive(5_000);
            assertThat(received).isNotNull();
            Destination replyTo = received.getJMSReplyTo();
            assertThat(replyTo).isNotNull();
            Message reply = serviceSession.createTextMessage("pong");
            reply.setJMSCorrelationID(received.getJMSCorrelationID());
            replies.send(replyTo, reply);

            Message answer = replyConsumer.receive(5_000);
            assertThat(answer).isNotNull();
            assertThat(QpidJmsTopicTest.payload(answer)).isEqualTo("pong");
        } finally {
            requester.close();
            responder.close();
        }
    }

    private static boolean allAccepted(Sender sender) {
        for (Delivery d = sender.head(); d != null; d = d.next()) {
            if (!(d.getRemoteState() instanceof Accepted)) {
                return false;
            }
        }
        return true;
    }

    private static Receiver consumer(ProtonClient client, String address, int credit) throws Exception {
        org.apache.qpid.proton.engine.Session session = client.connection.session();
        session.open();
        Receiver receiver = ProtonClient.receiver(session, address);
        receiver.flow(credit);
        client.pumpUntil(() -> receiver.getRemoteState() == EndpointState.ACTIVE);
        return receiver;
    }

    private static Delivery next(ProtonClient client, Receiver receiver) throws Exception {
        client.pumpUntil(() -> receiver.current() != null && !receiver.current().isPartial());
        return receiver.current();
    }

    private static org.apache.qpid.proton.message.Message decode(Delivery delivery) {
        Receiver receiver = (Receiver) delivery.getLink();
        byte[] bytes = new byte[delivery.pending()];
        receiver.recv(bytes, 0, bytes.length);
        receiver.advance();
        org.apache.qpid.proton.message.Message message = Proton.message();
        message.decode(bytes, 0, bytes.length);
        delivery.setContext(message);
        return message;
    }

    private static org.apache.qpid.proton.message.Message message(Delivery delivery) {
        return delivery.getContext() instanceof org.apache.qpid.proton.message.Message m ? m : decode(delivery);
    }

    private static int deliveryCount(Delivery delivery) {
        return message(delivery).getHeader().getDeliveryCount().intValue();
    }

    private static String body(Delivery delivery) {
        Binary binary = ((Data) message(delivery).getBody()).getValue();
        return new String(binary.getArray(), binary.getArrayOffset(), binary.getLength(), StandardCharsets.UTF_8);
    }
}
