package io.switchboard.broker.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.broker.config.HttpConfig;
import io.switchboard.broker.metrics.BrokerMetrics;
import io.switchboard.broker.security.SecurityReload;
import io.switchboard.router.Router;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP listener (JDK {@link HttpServer}): {@code /health/live}, {@code /health/ready}, {@code /metrics}
 * (Prometheus text format) open to anyone who reaches the port; {@code /api/} behind the admin token; the
 * dashboard's static page under {@code /dashboard/}.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final int THREADS = 2;

    private final HttpServer server;
    private final ExecutorService executor;

    private HttpEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds the listener and serves until {@link #close()}; {@code store} is null without a MapDB store. */
    public static HttpEndpoint start(HttpConfig config, Path dataDir, Health health, BrokerMetrics metrics,
                                     Router router, Supplier<BrokerInfo> info, Supplier<SecurityReload> reload,
                                     io.switchboard.persistence.MapDbStore store) throws IOException {
        AdminToken token = AdminToken.resolve(config, dataDir);
        HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "switchboard-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/health/live", exchange -> probe(exchange, true, Map.of("status", "live")));
        server.createContext("/health/ready", exchange -> {
            Map<String, Object> readiness = health.readiness();
            probe(exchange, "ready".equals(readiness.get("status")), readiness);
        });
        server.createContext("/metrics", exchange -> {
            if (!readOnly(exchange)) {
                return;
            }
            Exchanges.text(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
        });
        server.createContext("/api/", new AdminApi(router, metrics, token, info, reload, store));
        server.createContext("/", new DashboardFiles());
        server.start();
        HttpEndpoint endpoint = new HttpEndpoint(server, executor);
        LOG.info("listener.started protocol=http addr={}", server.getAddress());
        return endpoint;
    }

    private static void probe(HttpExchange exchange, boolean ok, Map<String, Object> body) throws IOException {
        if (readOnly(exchange)) {
            Exchanges.json(exchange, ok ? 200 : 503, body);
        }
    }

    /** Only GET and HEAD; anything else gets 405. */
    private static boolean readOnly(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        Exchanges.error(exchange, 405, "method not allowed: " + method);
        return false;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("listener.stopped addr={}", server.getAddress());
    }
}
