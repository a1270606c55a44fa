package io.switchboard.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.switchboard.amqp.ProtonClient;
import io.switchboard.broker.Broker;
import javax.jms.Connection;
import javax.jms.JMSException;
import javax.jms.JMSSecurityException;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.Message;
import javax.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import io.switchboard.router.limit.MemoryBudget;
import java.nio.file.Path;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Sender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * AMQP through the broker's security with real clients (Qpid JMS, proton-j): SASL PLAIN against the password file,
 * anonymous refused, the ACL on attach for topics and queues and per message on the anonymous relay, the publish
 * rate withheld as link credit.
 */
@Timeout(90)
class AmqpSecurityTest {
    private static final long RECEIVE_MILLIS = 5_000;

    @TempDir
    Path dir;
    private Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private void start(String... sets) throws Exception {
        Path users = SecureBroker.users(dir, "alice", "wonderland", "bob", "builder");
        Path acl = SecureBroker.acl(dir,
                "deny publish sensors/secret user=alice",
                "allow publish sensors/+ user=alice",
                "allow subscribe sensors/# user=alice",
                "allow both $queue/orders user=alice",
                "allow subscribe $queue/audit user=alice");
        String[] all = new String[sets.length + 3];
        all[0] = "security.password_file=" + users;
        all[1] = "security.acl_file=" + acl;
        all[2] = "mqtt.port=-1";
        System.arraycopy(sets, 0, all, 3, sets.length);
        broker = SecureBroker.start(dir, all);
    }

    private Connection connect(String user, String password) throws JMSException {
        JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + broker.amqpPort());
        Connection connection = user == null ? factory.createConnection() : factory.createConnection(user, password);
        connection.start();
        return connection;
    }

    /** The next message's text (the broker delivers bodies as a data section: a BytesMessage in JMS). */
    private static String text(MessageConsumer consumer) throws JMSException {
        Message message = consumer.receive(RECEIVE_MILLIS);
        assertThat(message).isNotNull();
        return message instanceof TextMessage text ? text.getText()
                : new String(message.getBody(byte[].class), StandardCharsets.UTF_8);
    }

    @Test
    void saslPlainAcceptsTheRightPasswordAndRefusesAWrongOneOrAnUnknownUser() throws Exception {
        start();
        try (Connection alice = connect("alice", "wonderland")) {
            Session session = alice.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("orders"));
            session.createProducer(session.createQueue("orders")).send(session.createTextMessage("one"));
            assertThat(text(consumer)).isEqualTo("one");
        }
        assertThatThrownBy(() -> connect("alice", "wrong").close()).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> connect("mallory", "wonderland").close()).isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void failedLoginsAreLimitedPerAddressAcrossProtocols() throws Exception {
        start("security.max_auth_failures_per_minute=2");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> connect("alice", "guess").close()).isInstanceOf(JMSSecurityException.class);
        }
        // the address is over its failure budget: even the right password is refused without a check
        assertThatThrownBy(() -> connect("alice", "wonderland").close()).isInstanceOf(JMSException.class);
    }

    @Test
    void anonymousIsNotOfferedWhenAuthenticationIsRequired() throws Exception {
        start();
        assertThatThrownBy(() -> connect(null, null).close()).isInstanceOf(JMSException.class);
    }

    @Test
    void attachToATopicNeedsTheAclRightAndADeniedAttachLeavesTheConnectionUsable() throws Exception {
        start();
        try (Connection alice = connect("alice", "wonderland")) {
            Session session = alice.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer all = session.createConsumer(session.createTopic("sensors/#"));
            assertThatThrownBy(() -> session.createProducer(session.createTopic("sensors/secret")))
                    .isInstanceOf(JMSSecurityException.class);
            MessageProducer producer = session.createProducer(session.createTopic("sensors/1"));
            producer.send(session.createTextMessage("21.5"));
            assertThat(text(all)).isEqualTo("21.5");
        }
        try (Connection bob = connect("bob", "builder")) {
            Session session = bob.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(() -> session.createConsumer(session.createTopic("sensors/#")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> session.createProducer(session.createTopic("sensors/1")))
                    .isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void queuesAreCheckedAsDollarQueueNames() throws Exception {
        start();
        try (Connection alice = connect("alice", "wonderland")) {
            Session session = alice.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(() -> session.createProducer(session.createQueue("audit")))
                    .isInstanceOf(JMSSecurityException.class);
            session.createConsumer(session.createQueue("audit")).close(); // subscribe right: may consume
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("payroll")))
                    .isInstanceOf(JMSSecurityException.class);
            MessageConsumer orders = session.createConsumer(session.createQueue("orders"));
            session.createProducer(session.createQueue("orders")).send(session.createTextMessage("after denials"));
            assertThat(text(orders)).isEqualTo("after denials");
        }
    }

    @Test
    void theAnonymousRelayChecksEachMessage() throws Exception {
        start();
        try (Connection alice = connect("alice", "wonderland")) {
            Session session = alice.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer all = session.createConsumer(session.createTopic("sensors/#"));
            MessageProducer relay = session.createProducer(null);
            assertThatThrownBy(() -> relay.send(session.createTopic("sensors/secret"),
                    session.createTextMessage("leak"))).isInstanceOf(JMSException.class);
            assertThatThrownBy(() -> relay.send(session.createQueue("audit"), session.createTextMessage("x")))
                    .isInstanceOf(JMSException.class);
            relay.send(session.createTopic("sensors/2"), session.createTextMessage("allowed"));
            assertThat(text(all)).isEqualTo("allowed");
        }
    }

    @Test
    void maxConnectionsIsSharedWithMqtt() throws Exception {
        start("security.limits.max_connections=1");
        try (Connection first = connect("alice", "wonderland")) {
            assertThatThrownBy(() -> connect("bob", "builder").close()).isInstanceOf(JMSException.class);
        }
    }

    @Test
    void aPublisherOverItsMessageRateGetsNoCreditUntilItIsBackWithinIt() throws Exception {
        broker = SecureBroker.start(dir, "mqtt.port=-1", "security.limits.publish_messages_per_second=5");
        try (ProtonClient client = new ProtonClient(broker.amqpPort(), null, null)) {
            client.open();
            org.apache.qpid.proton.engine.Session session = client.connection.session();
            session.open();
            Sender sender = ProtonClient.sender(session, "topic://metrics/load", SenderSettleMode.SETTLED);
            client.pumpUntil(() -> sender.getCredit() > 0);
            int first = sender.getCredit();
            assertThat(first).isBetween(1, 5); // the link credit is 500: the rate's burst bounds it
            for (int i = 0; i < first; i++) {
                ProtonClient.send(sender, "m" + i);
            }
            assertThat(sender.getCredit()).isZero();
            client.pumpUntil(() -> sender.getCredit() > 0); // refilled at 5/s
        }
    }

    @Test
    void aBrokerOverItsMemoryBudgetWithholdsCreditUntilItDrains() throws Exception {
        int budget = 256 * 1024;
        broker = SecureBroker.start(dir, "security.limits.memory_budget_bytes=" + budget,
                "sessions.max_queued_bytes=1073741824", "sessions.max_queued_messages=10000000");
        byte[] payload = new byte[1024];
        int most = 20 * budget / payload.length;
        // an offline persistent session collects what is published: its queue grows past the budget
        Mqtt5BlockingClient offline = MqttClient.builder().useMqttVersion5().identifier("offline")
                .serverHost("127.0.0.1").serverPort(broker.mqttPort()).buildBlocking();
        offline.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        offline.subscribeWith().topicFilter("mem/#").qos(MqttQos.AT_LEAST_ONCE).send();
        offline.disconnect();
        try (ProtonClient client = new ProtonClient(broker.amqpPort(), null, null)) {
            client.open();
            org.apache.qpid.proton.engine.Session session = client.connection.session();
            session.open();
            Sender sender = ProtonClient.sender(session, "topic://mem/flood", SenderSettleMode.UNSETTLED);
            client.pumpUntil(() -> sender.getCredit() > 0);
            org.apache.qpid.proton.message.Message message = Proton.message();
            message.setBody(new Data(new Binary(payload)));
            MemoryBudget memory = broker.security().limits().memory();
            int sent = 0;
            while (sent < most) {
                while (sender.getCredit() > 0 && sent < most) {
                    ProtonClient.send(sender, message);
                    sent++;
                }
                // credit comes back by halves as messages are settled while the budget has room; none above it
                client.pumpUntil(() -> sender.getCredit() > 0 || memory.exceeded());
                if (memory.exceeded() && sender.getCredit() == 0) {
                    break;
                }
            }
            assertThat(sent).as("the publisher was held back before sending everything").isLessThan(most);
            for (int round = 0; round < 10; round++) {
                client.pumpOnce(); // a credit top-up in flight would arrive here
            }
            assertThat(memory.exceeded()).isTrue();
            assertThat(sender.getCredit()).isZero();

            // the session is discarded, its queue freed: credit flows again
            offline.connectWith().cleanStart(true).send();
            client.pumpUntil(() -> sender.getCredit() > 0);
            offline.disconnect();
        }
    }
}
