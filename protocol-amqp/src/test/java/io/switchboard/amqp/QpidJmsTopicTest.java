package io.switchboard.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import javax.jms.BytesMessage;
import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.TextMessage;
import javax.jms.Topic;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Qpid JMS (a real client stack) against the AMQP listener: topic publish/subscribe and properties. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QpidJmsTopicTest {
    private TestBroker broker;
    private Connection connection;

    @BeforeEach
    void start() throws Exception {
        broker = new TestBroker();
        JmsConnectionFactory factory = new JmsConnectionFactory(broker.uri());
        connection = factory.createConnection("user", "secret");
        connection.setClientID("jms-test");
        connection.start();
    }

    @AfterEach
    void stop() throws JMSException {
        if (connection != null) {
            connection.close();
        }
        broker.close();
    }

    @Test
    void topicFanOutToWildcardAndExactSubscribersWithProperties() throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer exact = session.createConsumer(session.createTopic("sensors/1/temp"));
        MessageConsumer wildcard = session.createConsumer(session.createTopic("sensors/+/temp"));
        MessageConsumer other = session.createConsumer(session.createTopic("other/#"));
        MessageProducer producer = session.createProducer(session.createTopic("sensors/1/temp"));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        TextMessage sent = session.createTextMessage("21.5");
        sent.setStringProperty("unit", "celsius");
        sent.setJMSCorrelationID("corr-1");
        sent.setJMSReplyTo(session.createTopic("replies/1"));
        producer.send(sent);

        for (MessageConsumer consumer : new MessageConsumer[] {exact, wildcard}) {
            Message received = consumer.receive(5_000);
            assertThat(received).as("delivered").isNotNull();
            assertThat(payload(received)).isEqualTo("21.5");
            assertThat(received.getStringProperty("unit")).isEqualTo("celsius");
            assertThat(((Topic) received.getJMSReplyTo()).getTopicName()).isEqualTo("replies/1");
        }
        assertThat(other.receiveNoWait()).isNull();
    }

    @Test
    void manyMessagesArriveInOrderAcrossCreditRefills() throws Exception {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createTopic("load/x"));
        MessageProducer producer = session.createProducer(session.createTopic("load/x"));
        int count = 1_000;
        for (int i = 0; i < count; i++) {
            producer.send(session.createTextMessage("m" + i));
        }
        for (int i = 0; i < count; i++) {
            Message received = consumer.receive(5_000);
            assertThat(received).as("message %d", i).isNotNull();
            assertThat(payload(received)).isEqualTo("m" + i);
        }
    }

    static String payload(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return text.getText();
        }
        BytesMessage bytes = (BytesMessage) message;
        byte[] body = new byte[(int) bytes.getBodyLength()];
        bytes.readBytes(body);
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
}
