package io.switchboard.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.switchboard.broker.Broker;
import io.switchboard.broker.config.LimitsConfig;
import io.switchboard.broker.config.SecurityConfig;
import io.switchboard.broker.config.UserLimitsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Limits overridden for one listener or one user apply there and nowhere else, and follow a reload. */
@Timeout(120)
class ListenerAndUserLimitsTest {
    @TempDir
    Path dir;
    private Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private void startWithUsers(String... sets) throws Exception {
        List<String> all = new ArrayList<>(List.of("security.password_file="
                + SecureBroker.users(dir, "alice", "alice-pw", "bob", "bob-pw")));
        all.addAll(List.of(sets));
        broker = SecureBroker.start(dir, all.toArray(String[]::new));
    }

    private Mqtt5AsyncClient connectAs(String user, CompletableFuture<Throwable> disconnected) throws Exception {
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(user + "-client")
                .serverHost("127.0.0.1").serverPort(broker.mqttPort())
                .addDisconnectedListener(context -> disconnected.complete(context.getCause())).buildAsync();
        client.connectWith().simpleAuth().username(user).password((user + "-pw").getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send().get(10, TimeUnit.SECONDS);
        return client;
    }

    private static void flood(Mqtt5AsyncClient client, int count) {
        for (int i = 0; i < count; i++) {
            client.publishWith().topic("flood").qos(MqttQos.AT_MOST_ONCE)
                    .payload("x".getBytes(StandardCharsets.UTF_8)).send();
        }
    }

    @Test
    void aUserWithALowerPublishRateIsDisconnectedWith0x96WhileAnotherUserIsNot() throws Exception {
        startWithUsers("security.limits.publish_rate_policy=disconnect",
                "security.limits.users.alice.publish_messages_per_second=10");
        CompletableFuture<Throwable> aliceGone = new CompletableFuture<>();
        CompletableFuture<Throwable> bobGone = new CompletableFuture<>();
        Mqtt5AsyncClient alice = connectAs("alice", aliceGone);
        Mqtt5AsyncClient bob = connectAs("bob", bobGone);
        flood(bob, 200);
        flood(alice, 200);

        Throwable cause = aliceGone.get(10, TimeUnit.SECONDS);
        assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
        assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                .isEqualTo(Mqtt5DisconnectReasonCode.MESSAGE_RATE_TOO_HIGH);
        // bob's 200 publishes went through: a QoS 1 publish after them is acknowledged on the same connection
        bob.publishWith().topic("after").qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
        assertThat(bobGone).isNotDone();
        assertThat(bob.getState().isConnected()).isTrue();
    }

    @Test
    void aUserOverrideAddedByReloadAppliesToThatUsersConnectedClientOnly() throws Exception {
        startWithUsers();
        CompletableFuture<Throwable> ignored = new CompletableFuture<>();
        Mqtt5BlockingClient alice = connectAs("alice", ignored).toBlocking();
        Mqtt5BlockingClient bob = connectAs("bob", new CompletableFuture<>()).toBlocking();
        alice.subscribeWith().topicFilter("a/1").send();
        bob.subscribeWith().topicFilter("b/1").send();

        SecurityConfig base = broker.config().security();
        LimitsConfig old = base.limits();
        LimitsConfig withAlice = new LimitsConfig(old.connectionsPerSecond(), old.maxConnections(),
                old.publishMessagesPerSecond(), old.publishBytesPerSecond(), old.publishRatePolicy(),
                old.maxSubscriptionsPerClient(), old.maxTopicLength(), old.maxTopicLevels(), old.flappingMaxConnects(),
                old.flappingWindowSeconds(), old.flappingBanSeconds(), old.memoryBudgetBytes(), old.listeners(),
                Map.of("alice", new UserLimitsConfig(null, null, 1)));
        broker.security().reloadConfigFrom(() -> new SecurityConfig(base.allowAnonymous(), base.passwordFile(),
                base.aclFile(), base.maxAuthFailuresPerMinute(), base.tls(), withAlice));
        broker.security().reload(); // what SIGHUP runs

        assertThat(subscribe(alice, "a/2")).isEqualTo(Mqtt5SubAckReasonCode.QUOTA_EXCEEDED);
        assertThat(subscribe(bob, "b/2")).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_0);
        assertThat(subscribe(bob, "b/3")).isEqualTo(Mqtt5SubAckReasonCode.GRANTED_QOS_0);
    }

    private static Mqtt5SubAckReasonCode subscribe(Mqtt5BlockingClient client, String filter) {
        try {
            return client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_MOST_ONCE).send().getReasonCodes().get(0);
        } catch (Mqtt5SubAckException e) {
            return e.getMqttMessage().getReasonCodes().get(0);
        }
    }

    /** True when the broker answered CONNECT with CONNACK; false when it reset or closed the connection. */
    private boolean admittedOnTcp(String clientId) {
        try (Socket socket = RawMqtt.open(broker.mqttPort(), 0)) {
            socket.getOutputStream().write(RawMqtt.connect(clientId));
            InputStream in = socket.getInputStream();
            return RawMqtt.readPacket(in) == 0x20;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean admittedOnWebSocket(String clientId) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(broker.websocketPort())
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking();
        try {
            client.connect();
            client.disconnect();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void aConnectRateOverrideTripsOnItsListenerOnly() throws Exception {
        broker = SecureBroker.start(dir, "mqtt.websocket_port=0",
                "security.limits.listeners.mqtt.connections_per_second=2");
        long started = System.nanoTime();
        int tcpAdmitted = 0;
        for (int i = 0; i < 20; i++) {
            if (admittedOnTcp("tcp-" + i)) {
                tcpAdmitted++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // a burst of 2, then 2 per second
        assertThat(tcpAdmitted).as("admitted on mqtt in %.1f s", seconds)
                .isLessThanOrEqualTo(2 + (int) Math.ceil(2 * seconds));
        for (int i = 0; i < 20; i++) {
            assertThat(admittedOnWebSocket("ws-" + i)).as("websocket connection %d", i).isTrue();
        }
    }

    @Test
    void aListenerMaxConnectionsOverrideCapsThatListenerOnly() throws Exception {
        broker = SecureBroker.start(dir, "mqtt.websocket_port=0",
                "security.limits.listeners.mqtt_ws.max_connections=1");
        Mqtt5BlockingClient first = MqttClient.builder().useMqttVersion5().identifier("ws-first")
                .serverHost("127.0.0.1").serverPort(broker.websocketPort())
                .webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking();
        first.connect();
        assertThat(admittedOnWebSocket("ws-second")).isFalse();
        assertThat(admittedOnTcp("tcp-1")).isTrue();
        assertThat(admittedOnTcp("tcp-2")).isTrue();
        first.disconnect();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> admittedOnWebSocket("ws-third"));
    }

    private Mqtt5BlockingClient persistentClient(String user) {
        return MqttClient.builder().useMqttVersion5().identifier(user + "-queue").serverHost("127.0.0.1")
                .serverPort(broker.mqttPort()).buildBlocking();
    }

    private void connectPersistent(Mqtt5BlockingClient client, String user, boolean cleanStart) {
        client.connectWith().cleanStart(cleanStart).sessionExpiryInterval(600).simpleAuth().username(user)
                .password((user + "-pw").getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
    }

    /** Reconnects {@code user}'s offline session and returns the payloads queued for it, up to the "end" marker. */
    private List<String> queuedFor(String user, Mqtt5BlockingClient publisher) throws Exception {
        Mqtt5BlockingClient client = persistentClient(user);
        List<String> got = new ArrayList<>();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            connectPersistent(client, user, false);
            publisher.publishWith().topic("queued/" + user).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("end".getBytes(StandardCharsets.UTF_8)).send(); // after everything queued
            while (true) {
                Mqtt5Publish publish = publishes.receive(10, TimeUnit.SECONDS).orElseThrow(
                        () -> new AssertionError(user + " got no end marker; so far " + got));
                String text = new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
                if (text.equals("end")) {
                    break;
                }
                got.add(text);
            }
        } finally {
            client.disconnect();
        }
        return got;
    }

    @Test
    void aUsersOwnQueueBoundAppliesToItsSessionsOnly() throws Exception {
        startWithUsers("security.limits.users.alice.max_queued_messages=5");
        for (String user : List.of("alice", "bob")) {
            Mqtt5BlockingClient client = persistentClient(user);
            connectPersistent(client, user, true);
            client.subscribeWith().topicFilter("queued/" + user).qos(MqttQos.AT_LEAST_ONCE).send();
            client.disconnect(); // the session stays, offline, and queues
        }
        Mqtt5BlockingClient publisher = MqttClient.builder().useMqttVersion5().identifier("queue-publisher")
                .serverHost("127.0.0.1").serverPort(broker.mqttPort()).buildBlocking();
        publisher.connectWith().simpleAuth().username("bob").password("bob-pw".getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send();
        try {
            for (int i = 0; i < 20; i++) {
                for (String user : List.of("alice", "bob")) {
                    publisher.publishWith().topic("queued/" + user).qos(MqttQos.AT_LEAST_ONCE)
                            .payload(("m" + i).getBytes(StandardCharsets.UTF_8)).send();
                }
            }
            // alice's sessions hold at most 5 (the oldest are dropped for the newest); bob has the global bound
            assertThat(queuedFor("alice", publisher)).containsExactly("m15", "m16", "m17", "m18", "m19");
            assertThat(queuedFor("bob", publisher)).hasSize(20).startsWith("m0").endsWith("m19");
        } finally {
            publisher.disconnect();
        }
    }
}
