package io.switchboard.mqtt.conformance;

import static io.switchboard.mqtt.RawPackets.DISCONNECT;
import static io.switchboard.mqtt.RawPackets.PUBACK;
import static io.switchboard.mqtt.RawPackets.TOPIC_ALIAS;
import static io.switchboard.mqtt.RawPackets.TOPIC_ALIAS_MAXIMUM;
import static io.switchboard.mqtt.RawPackets.V5;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.mqtt.Clients;
import io.switchboard.mqtt.MqttSettings;
import io.switchboard.mqtt.RawClient;
import io.switchboard.mqtt.RawPacket;
import io.switchboard.mqtt.RawPackets;
import io.switchboard.mqtt.SharedBroker;
import io.switchboard.mqtt.TestBroker;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MQTT 5 topic aliases (section 3.3.2.3.4) in both directions. */
class TopicAliasTest {
    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    private static byte[] aliased(String topic, int alias, int packetId, String payload) {
        return RawPackets.publish(V5, topic, 1, false, false, packetId,
                new RawPackets.Props().u16(TOPIC_ALIAS, alias), RawPackets.utf8(payload));
    }

    @Test
    @DisplayName("[MQTT-3.3.2-12] the broker accepts aliases from 1 to its maximum and resolves an empty topic through them")
    void inboundAliases() {
        String base = Clients.unique("alias/in");
        RawClient subscriber = clients.subscriber(V5, base + "/#", 0);
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        int max = MqttSettings.DEFAULTS.topicAliasMaximum();
        publisher.send(aliased(base + "/one", 1, 1, "set 1"));
        publisher.send(aliased("", 1, 2, "use 1"));
        publisher.send(aliased(base + "/max", max, 3, "set max"));
        publisher.send(aliased("", max, 4, "use max"));
        publisher.send(aliased(base + "/two", 1, 5, "rebind 1"));
        publisher.send(aliased("", 1, 6, "use rebound 1"));
        for (int i = 1; i <= 6; i++) {
            assertThat(publisher.expectAck(PUBACK).packetId()).isEqualTo(i);
        }
        String[] expectedTopics = {"/one", "/one", "/max", "/max", "/two", "/two"};
        for (String suffix : expectedTopics) {
            RawPacket.Publish p = subscriber.expectPublish();
            assertThat(p.topic()).isEqualTo(base + suffix);
            assertThat(p.properties().has(TOPIC_ALIAS)).as("alias leaked to the subscriber").isFalse();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-9] [MQTT-3.2.2-17] an alias above the broker's Topic Alias Maximum gets DISCONNECT 0x94")
    void aliasAboveMaximum() {
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publisher.trySend(aliased(Clients.unique("alias/big"), MqttSettings.DEFAULTS.topicAliasMaximum() + 1, 1, "x"));
        assertThat(publisher.expect(DISCONNECT).disconnectReason()).isEqualTo(0x94);
        publisher.expectClosed();
    }

    @Test
    @DisplayName("[MQTT-3.3.2-8] topic alias 0 gets DISCONNECT 0x94")
    void aliasZero() {
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publisher.trySend(aliased(Clients.unique("alias/zero"), 0, 1, "x"));
        assertThat(publisher.expect(DISCONNECT).disconnectReason()).isEqualTo(0x94);
        publisher.expectClosed();
    }

    @Test
    @DisplayName("[MQTT-3.3.2-7] [MQTT-4.7.3-1] an empty topic with an alias never set on this connection gets DISCONNECT 0x82")
    void unknownAlias() {
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publisher.trySend(aliased("", 3, 1, "x"));
        assertThat(publisher.expect(DISCONNECT).disconnectReason()).isEqualTo(0x82);
        publisher.expectClosed();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-26] [MQTT-3.3.2-11] the broker uses aliases towards a client that announces a Topic Alias Maximum, never above it")
    void outboundAliases() {
        String base = Clients.unique("alias/out");
        RawClient subscriber = clients.raw();
        subscriber.connect(RawPackets.connectBuilder(V5, Clients.unique("aliased"))
                .properties(new RawPackets.Props().u16(TOPIC_ALIAS_MAXIMUM, 2)).build());
        subscriber.subscribe(1, base + "/#", 0);
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        String[] topics = {"/a", "/a", "/b", "/b", "/c", "/c", "/a", "/a"};
        for (String suffix : topics) {
            publisher.send(RawPackets.publish(V5, base + suffix, 0, 0, suffix));
        }
        Map<Integer, String> aliases = new HashMap<>();
        int aliasedWithoutTopic = 0;
        for (String suffix : topics) {
            RawPacket.Publish p = subscriber.expectPublish();
            String topic = p.topic();
            if (p.properties().has(TOPIC_ALIAS)) {
                int alias = (int) p.properties().number(TOPIC_ALIAS);
                assertThat(alias).isBetween(1, 2);
                if (topic.isEmpty()) {
                    assertThat(aliases).as("alias used before it was set").containsKey(alias);
                    topic = aliases.get(alias);
                    aliasedWithoutTopic++;
                } else {
                    aliases.put(alias, topic);
                }
            }
            assertThat(topic).isEqualTo(base + suffix);
            assertThat(p.payloadText()).isEqualTo(suffix);
        }
        assertThat(aliasedWithoutTopic).as("messages sent with an alias instead of the topic").isPositive();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-27] no topic alias towards a client that announced no Topic Alias Maximum")
    void noOutboundAliasWithoutMaximum() {
        String topic = Clients.unique("alias/none");
        RawClient subscriber = clients.subscriber(V5, topic, 0);
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        for (int i = 0; i < 3; i++) {
            publisher.send(RawPackets.publish(V5, topic, 0, 0, "m" + i));
        }
        for (int i = 0; i < 3; i++) {
            RawPacket.Publish p = subscriber.expectPublish();
            assertThat(p.topic()).isEqualTo(topic);
            assertThat(p.properties().has(TOPIC_ALIAS)).isFalse();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-7] outbound alias mappings do not carry over to a new connection")
    void aliasesResetOnReconnect() {
        String topic = Clients.unique("alias/reset");
        String id = Clients.unique("resetting");
        byte[] connect = RawPackets.connectBuilder(V5, id).cleanStart(false)
                .properties(new RawPackets.Props().u16(TOPIC_ALIAS_MAXIMUM, 5)
                        .u32(RawPackets.SESSION_EXPIRY, 60)).build();
        RawClient first = clients.raw();
        first.connect(connect);
        first.subscribe(1, topic, 0);
        RawClient publisher = clients.connected(V5, Clients.unique("pub"));
        publisher.send(RawPackets.publish(V5, topic, 0, 0, "1"), RawPackets.publish(V5, topic, 0, 0, "2"));
        first.expectPublish();
        first.expectPublish();
        first.send(RawPackets.disconnect(V5));
        first.expectClosed();

        RawClient second = clients.raw();
        second.connect(connect);
        publisher.send(RawPackets.publish(V5, topic, 0, 0, "3"));
        RawPacket.Publish p = second.expectPublish();
        assertThat(p.topic()).as("first message on a new connection must carry the topic").isEqualTo(topic);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-7] an inbound alias belongs to its connection: another connection cannot use it")
    void inboundAliasIsPerConnection() {
        String topic = Clients.unique("alias/own");
        RawClient owner = clients.connected(V5, Clients.unique("owner"));
        owner.send(aliased(topic, 1, 1, "set"));
        owner.expectAck(PUBACK);
        RawClient stranger = clients.connected(V5, Clients.unique("stranger"));
        stranger.trySend(aliased("", 1, 1, "borrowed"));
        assertThat(stranger.expect(DISCONNECT).disconnectReason()).isEqualTo(0x82);
        stranger.expectClosed();
    }
}
