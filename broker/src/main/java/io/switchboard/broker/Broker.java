package io.switchboard.broker;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import io.switchboard.amqp.AmqpServer;
import io.switchboard.broker.config.BrokerConfig;
import io.switchboard.broker.http.BrokerInfo;
import io.switchboard.broker.security.BrokerSecurity;
import io.switchboard.mqtt.MqttServer;
import io.switchboard.router.DurabilityPolicy;
import io.switchboard.router.Router;
import io.switchboard.router.RouterSettings;
import io.switchboard.router.api.QueueSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running broker: event loop groups, the router with its stores, and the protocol listeners. This is the
 * only place that wires modules together.
 */
public final class Broker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
    private static final long QUIET_MILLIS = 50;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 3_000;
    /**
     * Bound on rebuilding sessions from the store. Recovery time grows with the stored data (measured: about
     * 30 s for 100k queued messages over 1k sessions on a loaded 2-core machine, see BENCHMARKS.md), so this is
     * a guard against a hang, not a budget.
     */
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(30);

    private final BrokerConfig config;
    private final Transport transport;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final SessionLoops sessionLoops;
    private final BrokerStorage storage;
    private final Router router;
    private final MqttServer mqtt;
    private final AmqpServer amqp;
    private final Observability observability;
    private final long startedAtMillis = System.currentTimeMillis();
    private final BrokerSecurity security;
    private boolean closed;

    private Broker(BrokerConfig config, RouterSettings settings, BrokerStorage storage, BrokerSecurity security) {
        this.config = config;
        this.transport = Transport.best();
        int cores = Runtime.getRuntime().availableProcessors();
        this.bossGroup = transport.newGroup(1, "switchboard-accept");
        this.workerGroup = transport.newGroup(cores, "switchboard-io");
        this.sessionLoops = new SessionLoops(cores);
        this.storage = storage;
        this.router = new Router(settings, storage.sessions(), storage.retained(), storage.queues(),
                sessionLoops::forClient);
        this.security = security;
        security.watchMemory(() -> router.stats().queuedBytes());
        this.observability = new Observability(config, router, () -> security.limits().memory());
        security.reportAuthFailuresTo(observability.authFailures());
        if (storage.store() != null) {
            observability.bindStorage(storage.store());
        }
        this.mqtt = new MqttServer(config.mqtt().toMqttSettings(), security.mqtt(), router, bossGroup, workerGroup,
                observability.traffic());
        this.amqp = new AmqpServer(config.amqp().toAmqpSettings(), router::connect, router.queues(),
                security.amqp(), bossGroup, workerGroup, observability.traffic());
    }

    /**
     * Creates the data directory, opens the stores the durability policy needs, wires the router, recovers
     * its sessions and retained messages and binds the listeners.
     *
     * @throws IOException when the data directory cannot be created or a port cannot be bound
     * @throws io.switchboard.persistence.StoreOpenException when the MapDB store is locked by another process,
     *                                                       damaged, or of another format version
     */
    public static Broker start(BrokerConfig config) throws IOException, InterruptedException {
        Path dataDir = Path.of(config.storage().dir());
        Files.createDirectories(dataDir);
        RouterSettings settings = config.sessions().toRouterSettings()
                .withDurability(config.storage().toDurabilityPolicy());
        BrokerStorage storage = BrokerStorage.open(config.storage(), settings.durability());
        Broker broker;
        try {
            broker = new Broker(config, settings, storage, BrokerSecurity.start(config.security()));
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        try {
            broker.observability.startHttp(dataDir, broker::info, () -> ReloadSignal.reload(broker, "admin_api"));
            for (QueueSpec queue : config.queueSpecs()) {
                broker.router.queues().declare(queue); // before recovery: the config's declaration wins
            }
            broker.router.recover(RECOVERY_TIMEOUT);
            LOG.info("storage.opened dir={} sessions={} retained={} durability={} store={}",
                    dataDir.toAbsolutePath().normalize(), broker.router.stats().sessions(),
                    broker.router.stats().retainedMessages(), describe(settings.durability()),
                    storage.durable() ? "mapdb" : "memory");
            storage.schedulePurge(broker.sessionLoops.housekeeping());
            broker.mqtt.start();
            broker.amqp.start();
            broker.observability.ready(broker::info);
        } catch (Exception e) {
            broker.close(); // a bind failure arrives here as an undeclared IOException from Netty
            throw e;
        }
        String host = config.mqtt().host();
        LOG.info("broker.started mqtt={} websocket={} amqp={} amqps={} transport={} durability={} data={}",
                address(host, broker.mqtt.port(), ""),
                address(host, broker.mqtt.websocketPort(), config.mqtt().websocketPath()),
                address(config.amqp().host(), broker.amqp.port(), ""),
                address(config.amqp().host(), broker.amqp.tlsPort(), ""),
                broker.transport.name().toLowerCase(Locale.ROOT),
                config.storage().durability().name().toLowerCase(Locale.ROOT), dataDir.toAbsolutePath().normalize());
        return broker;
    }

    /** "local", or "volatile" with its rules, e.g. {@code volatile rules=[telemetry/#:local]}. */
    private static String describe(DurabilityPolicy policy) {
        String mode = policy.defaultMode().name().toLowerCase(Locale.ROOT);
        if (policy.rules().isEmpty()) {
            return mode;
        }
        return mode + " rules=" + policy.rules().stream()
                .map(rule -> rule.filter().raw() + ":" + rule.mode().name().toLowerCase(Locale.ROOT)).toList();
    }

    /** {@code host:port/path} as a client would dial it, or "off" for a disabled listener. */
    private static String address(String host, int port, String path) {
        if (port < 0) {
            return "off";
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port + path;
    }

    public BrokerConfig config() {
        return config;
    }

    /** The bound MQTT TCP port, or -1 when that listener is disabled. */
    public int mqttPort() {
        return mqtt.port();
    }

    /** The bound MQTT WebSocket port, or -1 when that listener is disabled. */
    public int websocketPort() {
        return mqtt.websocketPort();
    }

    /** The bound MQTT over TLS port, or -1 when TLS is off. */
    public int mqttTlsPort() {
        return mqtt.tlsPort();
    }

    /** The bound MQTT over secure WebSocket port, or -1 when off. */
    public int secureWebsocketPort() {
        return mqtt.secureWebsocketPort();
    }

    /** The bound AMQPS port, or -1 when TLS is off or that listener is disabled. */
    public int amqpTlsPort() {
        return amqp.tlsPort();
    }

    /** The bound AMQP port, or -1 when that listener is disabled. */
    public int amqpPort() {
        return amqp.port();
    }

    public Router router() {
        return router;
    }

    /** The bound HTTP port (metrics, health, admin API), or -1 when that listener is disabled. */
    public int httpPort() {
        return observability.httpPort();
    }

    /** Version, start time and bound listeners, for the admin API and $SYS. */
    BrokerInfo info() {
        String version = Broker.class.getPackage().getImplementationVersion();
        return new BrokerInfo(version == null ? "development" : version, startedAtMillis,
                transport.name().toLowerCase(Locale.ROOT),
                config.storage().durability().name().toLowerCase(Locale.ROOT),
                Map.of("mqtt", mqtt.port(), "mqtt-ws", mqtt.websocketPort(), "http", httpPort()));
    }

    /** Authentication, ACL and limits in force; {@link BrokerSecurity#reload()} re-reads their files. */
    public BrokerSecurity security() {
        return security;
    }

    /**
     * Stops the broker: MQTT 5 clients get DISCONNECT 0x8B (server shutting down), listeners close, the loops
     * drain and stop, then the store commits what is queued and closes. Returns within a few seconds.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        observability.stopping();
        router.shutdown();
        mqtt.close();
        amqp.close();
        security.close();
        List<Future<?>> terminations = List.of(
                bossGroup.shutdownGracefully(QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS),
                workerGroup.shutdownGracefully(QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS),
                sessionLoops.shutdownGracefully(QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS));
        for (Future<?> termination : terminations) {
            termination.awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS + 1_000);
        }
        observability.close();
        storage.close();
        LOG.info("broker.stopped");
    }
}
