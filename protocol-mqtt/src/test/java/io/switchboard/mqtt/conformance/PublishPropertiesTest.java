package io.switchboard.mqtt.conformance;

import static io.switchboard.mqtt.RawPackets.CONTENT_TYPE;
import static io.switchboard.mqtt.RawPackets.CORRELATION_DATA;
import static io.switchboard.mqtt.RawPackets.MESSAGE_EXPIRY;
import static io.switchboard.mqtt.RawPackets.PAYLOAD_FORMAT;
import static io.switchboard.mqtt.RawPackets.RESPONSE_TOPIC;
import static io.switchboard.mqtt.RawPackets.USER_PROPERTY;
import static io.switchboard.mqtt.RawPackets.V311;
import static io.switchboard.mqtt.RawPackets.V5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.switchboard.mqtt.Clients;
import io.switchboard.mqtt.RawClient;
import io.switchboard.mqtt.RawPacket;
import io.switchboard.mqtt.RawPackets;
import io.switchboard.mqtt.SharedBroker;
import io.switchboard.mqtt.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MQTT 5 PUBLISH properties (section 3.3.2.3) forwarded by the broker. */
class PublishPropertiesTest {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    private RawPacket.Publish roundTrip(String topic, RawPackets.Props props, String payload) {
        RawClient subscriber = clients.subscriber(V5, topic, 0);
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publisher.send(RawPackets.publish(V5, topic, 1, false, false, 1, props, RawPackets.utf8(payload)));
        publisher.expectAck(RawPackets.PUBACK);
        return subscriber.expectPublish();
    }

    @Test
    @DisplayName("[MQTT-3.3.2-17] [MQTT-3.3.2-18] user properties reach the subscriber unaltered and in order, repeated names included")
    void userPropertiesInOrder() {
        RawPacket.Publish received = roundTrip(Clients.unique("props/user"), new RawPackets.Props()
                .pair(USER_PROPERTY, "z", "last-letter").pair(USER_PROPERTY, "a", "1")
                .pair(USER_PROPERTY, "a", "2").pair(USER_PROPERTY, "ünï", "cödé"), "x");
        assertThat(received.properties().userProperties()).containsExactly("z=last-letter", "a=1", "a=2", "ünï=cödé");
    }

    @Test
    @DisplayName("[MQTT-3.3.2-15] [MQTT-3.3.2-16] response topic and correlation data reach the subscriber unaltered")
    void requestResponse() {
        byte[] correlation = {0, 1, 2, (byte) 0xFF, (byte) 0x80};
        RawPacket.Publish received = roundTrip(Clients.unique("props/request"), new RawPackets.Props()
                .utf8(RESPONSE_TOPIC, "replies/for/me").binary(CORRELATION_DATA, correlation), "req");
        assertThat(received.properties().string(RESPONSE_TOPIC)).isEqualTo("replies/for/me");
        assertThat((byte[]) received.properties().get(CORRELATION_DATA)).containsExactly(correlation);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-4] [MQTT-3.3.2-20] payload format indicator and content type reach the subscriber unaltered")
    void payloadFormatAndContentType() {
        RawPacket.Publish received = roundTrip(Clients.unique("props/format"), new RawPackets.Props()
                .u8(PAYLOAD_FORMAT, 1).utf8(CONTENT_TYPE, "text/plain; charset=utf-8"), "héllo");
        assertThat(received.properties().number(PAYLOAD_FORMAT)).isEqualTo(1);
        assertThat(received.properties().string(CONTENT_TYPE)).isEqualTo("text/plain; charset=utf-8");
        assertThat(received.payloadText()).isEqualTo("héllo");
    }

    @Test
    @DisplayName("[MQTT-3.3.2-6] the Message Expiry Interval is forwarded as the remaining lifetime")
    void messageExpiryForwarded() {
        RawPacket.Publish received = roundTrip(Clients.unique("props/expiry"),
                new RawPackets.Props().u32(MESSAGE_EXPIRY, 120), "expiring");
        assertThat(received.properties().number(MESSAGE_EXPIRY)).isBetween(115L, 120L);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-6] a message without expiry is forwarded without a Message Expiry Interval")
    void noExpiryNotInvented() {
        RawPacket.Publish received = roundTrip(Clients.unique("props/noexpiry"), new RawPackets.Props(), "forever");
        assertThat(received.properties().has(MESSAGE_EXPIRY)).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] a retained message whose expiry passed is not sent to new subscribers")
    void expiredRetainedNotSent() {
        String topic = Clients.unique("props/retained-expiry");
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publisher.send(RawPackets.publish(V5, topic, 1, true, false, 1,
                new RawPackets.Props().u32(MESSAGE_EXPIRY, 1), RawPackets.utf8("stale")));
        publisher.expectAck(RawPackets.PUBACK);
        long expiredAt = System.currentTimeMillis() + 1_100;
        // The behaviour under test is defined by wall-clock time: the retained message's 1 s lifetime must pass.
        await().atMost(Duration.ofSeconds(3))
                .until(() -> System.currentTimeMillis() >= expiredAt);
        RawClient subscriber = clients.connected(V5, Clients.unique("sub"));
        subscriber.subscribe(1, topic, 0);
        publisher.send(RawPackets.publish(V5, topic, 1, 2, "marker"));
        publisher.expectAck(RawPackets.PUBACK);
        assertThat(subscriber.expectPublish().payloadText()).isEqualTo("marker");
    }

    @Test
    @DisplayName("[MQTT-3.3.2-17] a 5.0 message with properties reaches a 3.1.1 subscriber without them, and the reverse")
    void crossVersion() {
        String topic = Clients.unique("props/cross");
        RawClient old = clients.subscriber(V311, topic, 0);
        RawClient modern = clients.subscriber(V5, topic, 0);
        RawClient publisher5 = clients.connected(V5, Clients.unique("pub5"));
        publisher5.send(RawPackets.publish(V5, topic, 0, false, false, 0,
                new RawPackets.Props().pair(USER_PROPERTY, "k", "v").utf8(CONTENT_TYPE, "x/y"), RawPackets.utf8("from5")));
        assertThat(old.expectPublish().payloadText()).isEqualTo("from5");
        assertThat(modern.expectPublish().properties().userProperties()).containsExactly("k=v");
        RawClient publisher3 = clients.connected(V311, Clients.unique("pub3"));
        publisher3.send(RawPackets.publish(V311, topic, 0, 0, "from3"));
        assertThat(old.expectPublish().payloadText()).isEqualTo("from3");
        RawPacket.Publish at5 = modern.expectPublish();
        assertThat(at5.payloadText()).isEqualTo("from3");
        assertThat(at5.properties().all()).isEmpty();
    }

    @Test
    @DisplayName("[MQTT-3.3.2-15] [MQTT-3.3.2-16] [MQTT-3.3.2-18] request/response between two HiveMQ MQTT 5 clients")
    void requestResponseWithHiveMq() throws InterruptedException {
        String requests = Clients.unique("svc/requests");
        Mqtt5BlockingClient service = clients.track(clients.hivemq5(Clients.unique("service")).buildBlocking());
        Mqtt5BlockingClient caller = clients.track(clients.hivemq5(Clients.unique("caller")).buildBlocking());
        service.connect();
        caller.connect();
        String replies = Clients.unique("svc/replies");
        try (Mqtt5BlockingClient.Mqtt5Publishes serviceInbox = service.publishes(MqttGlobalPublishFilter.ALL);
             Mqtt5BlockingClient.Mqtt5Publishes callerInbox = caller.publishes(MqttGlobalPublishFilter.ALL)) {
            service.subscribeWith().topicFilter(requests).qos(MqttQos.AT_LEAST_ONCE).send();
            caller.subscribeWith().topicFilter(replies).qos(MqttQos.AT_LEAST_ONCE).send();
            caller.publishWith().topic(requests).qos(MqttQos.AT_LEAST_ONCE)
                    .responseTopic(replies).correlationData("c-42".getBytes(StandardCharsets.UTF_8))
                    .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).contentType("text/plain")
                    .userProperties().add("first", "1").add("second", "2").applyUserProperties()
                    .payload("ping".getBytes(StandardCharsets.UTF_8)).send();

            Optional<Mqtt5Publish> request = serviceInbox.receive(5, TimeUnit.SECONDS);
            assertThat(request).isPresent();
            Mqtt5Publish req = request.get();
            assertThat(req.getResponseTopic()).map(Object::toString).contains(replies);
            assertThat(req.getContentType()).map(Object::toString).contains("text/plain");
            assertThat(req.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
            assertThat(req.getUserProperties().asList()).extracting(p -> p.getName() + "=" + p.getValue())
                    .containsExactly("first=1", "second=2");
            service.publishWith().topic(req.getResponseTopic().orElseThrow()).qos(MqttQos.AT_LEAST_ONCE)
                    .correlationData(req.getCorrelationData().orElseThrow())
                    .userProperties(req.getUserProperties()).payload("pong".getBytes(StandardCharsets.UTF_8)).send();

            Optional<Mqtt5Publish> response = callerInbox.receive(5, TimeUnit.SECONDS);
            assertThat(response).isPresent();
            assertThat(new String(response.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("pong");
            assertThat(response.get().getCorrelationData().map(b -> StandardCharsets.UTF_8.decode(b).toString()))
                    .contains("c-42");
            assertThat(response.get().getUserProperties().asList()).extracting(Mqtt5UserProperty::getName)
                    .map(Object::toString).containsExactly("first", "second");
        }
    }
}
