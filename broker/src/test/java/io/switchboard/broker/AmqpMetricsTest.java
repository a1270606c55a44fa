package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The AMQP listener's connections and messages appear in /metrics with protocol="amqp", after known traffic. */
@Timeout(60)
class AmqpMetricsTest {
    @TempDir
    Path dir;

    @Test
    void amqpConnectionsAndMessagesAreCounted() throws Exception {
        try (LiveBroker live = LiveBroker.start(dir)) {
            JmsConnectionFactory factory = new JmsConnectionFactory("amqp://127.0.0.1:" + live.broker.amqpPort());
            Connection connection = factory.createConnection();
            try {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue queue = session.createQueue("metrics-queue");
                MessageProducer producer = session.createProducer(queue);
                producer.setDeliveryMode(DeliveryMode.PERSISTENT); // unsettled sends: acknowledged by the broker
                for (int i = 0; i < 10; i++) {
                    producer.send(session.createTextMessage("m" + i));
                }
                MessageConsumer consumer = session.createConsumer(queue);
                for (int i = 0; i < 10; i++) {
                    Message received = consumer.receive(5_000); // a text body arrives as bytes (one data section)
                    assertThat(received).as("message %d", i).isNotNull();
                    assertThat(new String(received.getBody(byte[].class), StandardCharsets.UTF_8)).isEqualTo("m" + i);
                }
                assertThat(live.metric("switchboard_connections{listener=\"amqp\",protocol=\"amqp\"}")).isEqualTo(1);
                assertThat(live.metric("switchboard_connections_opened_total{listener=\"amqp\",protocol=\"amqp\"}"))
                        .isEqualTo(1);
                assertThat(live.metric("switchboard_messages_received_total{protocol=\"amqp\",qos=\"1\"}"))
                        .isEqualTo(10);
                assertThat(live.metric("switchboard_messages_sent_total{protocol=\"amqp\",qos=\"1\"}"))
                        .isEqualTo(10);
            } finally {
                connection.close();
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(live.metric("switchboard_connections{listener=\"amqp\",protocol=\"amqp\"}"))
                            .isEqualTo(0));
        }
    }
}
