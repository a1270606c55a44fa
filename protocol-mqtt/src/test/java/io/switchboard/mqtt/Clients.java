package io.switchboard.mqtt;

import static io.switchboard.mqtt.RawPackets.V5;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients one test opens against a {@link TestBroker}, closed after the test (register with
 * {@code @RegisterExtension}). Also hands out unique client ids and topics, so that tests sharing a broker
 * never see each other's sessions or retained messages.
 */
public final class Clients implements AfterEachCallback {
    private static final Logger LOG = LoggerFactory.getLogger(Clients.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Supplier<TestBroker> broker;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    public Clients(Supplier<TestBroker> broker) {
        this.broker = broker;
    }

    /** A name no other test in this JVM uses. */
    public static String unique(String base) {
        return base + "-" + SEQUENCE.incrementAndGet();
    }

    /** A raw TCP connection, nothing sent. */
    public RawClient raw() {
        RawClient client = broker.get().raw();
        opened.push(client);
        return client;
    }

    /** A raw client that sent CONNECT (clean start, keep-alive 60) and got CONNACK 0. */
    public RawClient connected(int version, String clientId) {
        RawClient client = raw();
        client.connect(version, clientId, true);
        return client;
    }

    /** A raw client with a clean session subscribed to one filter (options: QoS, or the MQTT 5 options byte). */
    public RawClient subscriber(int version, String filter, int options) {
        RawClient client = connected(version, unique("sub"));
        int granted = client.subscribe(1, filter, options);
        if (granted >= 0x80) {
            throw new AssertionError("subscription to " + filter + " refused: 0x" + Integer.toHexString(granted));
        }
        return client;
    }

    /**
     * A raw client with a persistent session, created or resumed: clean session 0 (3.1.1) or clean start 0
     * with session expiry 300 s (5.0). {@link RawClient#lastConnack()} tells whether a session was present.
     */
    public RawClient persistent(int version, String clientId) {
        RawClient client = raw();
        RawPackets.Connect connect = RawPackets.connectBuilder(version, clientId).cleanStart(false);
        if (version == V5) {
            connect.properties(new RawPackets.Props().u32(RawPackets.SESSION_EXPIRY, 300));
        }
        RawPacket.Connack connack = client.connect(connect.build());
        if (connack.reasonCode() != 0) {
            throw new AssertionError("CONNACK refused: " + connack);
        }
        return client;
    }

    /** A HiveMQ MQTT 5 client builder for this broker (identifier set); build and register with {@link #track}. */
    public Mqtt5ClientBuilder hivemq5(String clientId) {
        return MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(broker.get().port());
    }

    public Mqtt3ClientBuilder hivemq3(String clientId) {
        return MqttClient.builder().useMqttVersion3().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(broker.get().port());
    }

    /** Disconnects the client after the test if it is still connected. */
    public Mqtt5BlockingClient track(Mqtt5BlockingClient client) {
        opened.push(() -> disconnectIfConnected(client.getState().isConnected(), client::disconnect));
        return client;
    }

    public Mqtt3BlockingClient track(Mqtt3BlockingClient client) {
        opened.push(() -> disconnectIfConnected(client.getState().isConnected(), client::disconnect));
        return client;
    }

    /**
     * Disconnects a HiveMQ client that looked connected. A client whose link was cut by the test may finish
     * noticing between the check and the call, or while the DISCONNECT is written: either "not connected"
     * answer is the state we wanted.
     */
    private static void disconnectIfConnected(boolean connected, Runnable disconnect) {
        if (!connected) {
            return;
        }
        try {
            disconnect.run();
        } catch (MqttClientStateException alreadyDisconnected) {
            LOG.debug("event=test_client_already_disconnected cause={}", alreadyDisconnected.getMessage());
        } catch (com.hivemq.client.mqtt.exceptions.ConnectionClosedException closedMeanwhile) {
            // the link closed while the DISCONNECT was being written: the same "already gone" state
            LOG.debug("event=test_client_closed_meanwhile cause={}", closedMeanwhile.getMessage());
        }
    }

    /** Closes anything else after the test (processes, Paho clients...). */
    public <T extends AutoCloseable> T track(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception first = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
