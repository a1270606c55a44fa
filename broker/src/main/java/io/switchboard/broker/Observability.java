package io.switchboard.broker;

import io.switchboard.broker.config.BrokerConfig;
import io.switchboard.broker.http.BrokerInfo;
import io.switchboard.broker.http.BrokerStatus;
import io.switchboard.broker.http.Health;
import io.switchboard.broker.http.HttpEndpoint;
import io.switchboard.broker.metrics.BrokerMetrics;
import io.switchboard.broker.security.SecurityReload;
import io.switchboard.broker.sys.SysTopics;
import io.switchboard.router.Router;
import io.switchboard.router.api.TrafficMetrics;
import io.switchboard.router.limit.MemoryBudget;
import io.switchboard.router.security.AuthenticationFailures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What operators see of one broker: meters, the HTTP listener (health, metrics, admin API) and the $SYS topics.
 * The broker constructs it before the protocol listeners (they report to {@link #traffic()}), starts HTTP before
 * recovery (live but not ready), and marks it ready once every listener is bound.
 */
final class Observability implements AutoCloseable {
    private final BrokerConfig config;
    private final Router router;
    private final BrokerMetrics metrics;
    private final Health health;
    private HttpEndpoint http;
    private SysTopics sys;
    private io.switchboard.persistence.MapDbStore store;

    /** @param memory the memory budget in force (null when none): readiness is lost while it is exceeded */
    Observability(BrokerConfig config, Router router, Supplier<MemoryBudget> memory) {
        this.config = config;
        this.router = router;
        this.health = new Health(memory);
        this.metrics = new BrokerMetrics(router, config.http().queueDepthTopN(), memory);
    }

    /** Meters and the admin API's backup for the MapDB store, when the broker has one (before {@link #startHttp}). */
    void bindStorage(io.switchboard.persistence.MapDbStore store) {
        this.store = store;
        metrics.bindStorage(store);
    }

    TrafficMetrics traffic() {
        return metrics.traffic();
    }

    /** Where the authenticators report refused logins. */
    AuthenticationFailures authFailures() {
        return metrics.traffic();
    }

    /** Binds the HTTP listener (unless disabled): live at once, ready after {@link #ready}. */
    void startHttp(Path dataDir, Supplier<BrokerInfo> info, Supplier<SecurityReload> reload) throws IOException {
        if (config.http().port() >= 0) {
            http = HttpEndpoint.start(config.http(), dataDir, health, metrics, router, info, reload, store);
        }
    }

    /** Recovery is over and every listener is bound: ready, and $SYS starts. */
    void ready(Supplier<BrokerInfo> info) {
        health.markReady();
        if (config.sys().intervalSeconds() > 0) {
            sys = SysTopics.start(config.sys().intervalSeconds(), router, info, this::status);
        }
    }

    /** Shutdown begins: not ready any more; $SYS stops. HTTP keeps answering until {@link #close()}. */
    void stopping() {
        health.markStopping();
        if (sys != null) {
            sys.close();
        }
    }

    BrokerStatus status() {
        return BrokerStatus.of(router, metrics);
    }

    Health health() {
        return health;
    }

    /** The bound HTTP port, or -1 when disabled. */
    int httpPort() {
        return http == null ? -1 : http.port();
    }

    @Override
    public void close() {
        stopping();
        if (http != null) {
            http.close();
        }
        metrics.close();
    }
}
