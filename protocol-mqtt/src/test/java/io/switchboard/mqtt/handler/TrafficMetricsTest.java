package io.switchboard.mqtt.handler;

import static io.switchboard.mqtt.handler.Bytes.b;
import static io.switchboard.mqtt.handler.Bytes.connect311;
import static io.switchboard.mqtt.handler.Bytes.connect5;
import static io.switchboard.mqtt.handler.Bytes.props;
import static io.switchboard.mqtt.handler.Bytes.str;
import static io.switchboard.mqtt.handler.Bytes.u32;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.mqtt.MqttSettings;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.TrafficMetrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the adapter reports to {@link TrafficMetrics}: connections, refusals, messages in and out, drops. */
@Timeout(10)
class TrafficMetricsTest {
    /** Every event as one line of text, in order. */
    static final class Recording implements TrafficMetrics {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void connectionOpened(Protocol protocol, String listener) {
            events.add("opened " + protocol + " " + listener);
        }

        @Override
        public void connectionClosed(Protocol protocol, String listener) {
            events.add("closed " + protocol + " " + listener);
        }

        @Override
        public void connectionRefused(Protocol protocol, String listener, String reason) {
            events.add("refused " + protocol + " " + listener + " " + reason);
        }

        @Override
        public void messageReceived(Protocol protocol, Qos qos, int payloadBytes) {
            events.add("received " + protocol + " " + qos.level() + " " + payloadBytes);
        }

        @Override
        public void messageSent(Protocol protocol, Qos qos, int payloadBytes) {
            events.add("sent " + protocol + " " + qos.level() + " " + payloadBytes);
        }

        @Override
        public void deliveryDropped(Protocol protocol, String reason) {
            events.add("dropped " + protocol + " " + reason);
        }
    }

    private final Recording metrics = new Recording();
    private final BrokerHarness broker = new BrokerHarness(MqttSettings.DEFAULTS.withPorts(0, -1));

    @AfterEach
    void close() {
        broker.close();
    }

    @Test
    void connectionPublishAndDeliveryAreReportedOnce() {
        TestConnection sub = broker.newConnection(metrics);
        sub.send(connect311(0x02, str("sub")), PublishFlowTest.subscribe311(1, "t/#", 1));
        TestConnection pub = broker.newConnection(metrics);
        pub.send(connect311(0x02, str("pub")), PublishFlowTest.publish311(1, "t/1", 7, "hello"),
                PublishFlowTest.publish311(0, "t/2", 0, "hi"));
        broker.pump();
        pub.channel.close();
        broker.pump();

        assertThat(metrics.events).containsExactly(
                "opened MQTT mqtt", "opened MQTT mqtt",
                "received MQTT 1 5", "sent MQTT 1 5", "received MQTT 0 2", "sent MQTT 0 2",
                "closed MQTT mqtt");
    }

    @Test
    void refusedConnectIsCountedWithItsReason() {
        TestConnection bad = broker.newConnection(metrics);
        bad.send(connect311(0x00, str(""))); // empty client id without clean session [MQTT-3.1.3-8]
        broker.pump();

        assertThat(metrics.events).containsExactly("opened MQTT mqtt", "refused MQTT mqtt client_identifier_not_valid",
                "closed MQTT mqtt");
    }

    @Test
    void deliveryLargerThanTheClientAcceptsIsCountedAsDropped() {
        TestConnection small = broker.newConnection(metrics);
        small.send(connect5(0x02, props(b(0x27), u32(20)), str("small")),
                PublishFlowTest.subscribe5(1, props(), "big/#", 0));
        TestConnection pub = broker.newConnection(metrics);
        pub.send(connect311(0x02, str("big-pub")),
                PublishFlowTest.publish311(0, "big/1", 0, "a payload longer than twenty bytes"));
        broker.pump();

        assertThat(metrics.events).contains("dropped MQTT packet_too_large").noneMatch(e -> e.startsWith("sent"));
    }
}
