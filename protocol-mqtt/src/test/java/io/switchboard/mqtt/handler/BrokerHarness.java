package io.switchboard.mqtt.handler;

import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.switchboard.mqtt.MqttSettings;
import io.switchboard.router.Router;
import io.switchboard.router.RouterSettings;
import io.switchboard.router.api.SessionExecutor;
import io.switchboard.router.api.TrafficMetrics;
import io.switchboard.router.spi.memory.MemoryRetainedStore;
import io.switchboard.router.spi.memory.MemorySessionStore;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@link Router} (memory stores) behind MQTT connections on embedded channels. Every executor is an
 * embedded event loop, so the whole broker runs on the test thread, deterministically.
 */
final class BrokerHarness implements AutoCloseable {
    final MqttSettings settings;
    final Router router;
    private final EmbeddedChannel offlineLoop = new EmbeddedChannel();
    private final List<TestConnection> connections = new ArrayList<>();

    BrokerHarness(MqttSettings settings) {
        this.settings = settings;
        EventLoop loop = offlineLoop.eventLoop();
        SessionExecutor offline = SessionExecutor.of(loop, loop::inEventLoop);
        this.router = new Router(RouterSettings.DEFAULTS, new MemorySessionStore(), new MemoryRetainedStore(),
                clientId -> offline);
    }

    TestConnection newConnection() {
        return newConnection(TrafficMetrics.NONE);
    }

    /** A connection whose adapter reports its traffic to {@code metrics}. */
    TestConnection newConnection(TrafficMetrics metrics) {
        TestConnection connection = new TestConnection(settings, router::connect, metrics);
        connections.add(connection);
        return connection;
    }

    /** Runs every loop's pending tasks (hand-overs between sessions, flushes). */
    void pump() {
        for (int round = 0; round < 3; round++) {
            offlineLoop.runPendingTasks();
            for (TestConnection connection : connections) {
                connection.channel.runPendingTasks();
            }
        }
    }

    @Override
    public void close() {
        router.shutdown();
        for (TestConnection connection : connections) {
            connection.close();
        }
        offlineLoop.finishAndReleaseAll();
    }
}
