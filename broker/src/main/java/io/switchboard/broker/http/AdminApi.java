package io.switchboard.broker.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.switchboard.broker.LogLevels;
import io.switchboard.broker.config.LogLevel;
import io.switchboard.broker.metrics.BrokerMetrics;
import io.switchboard.broker.security.InvalidRulesException;
import io.switchboard.broker.security.SecurityReload;
import io.switchboard.persistence.MapDbStore;
import io.switchboard.router.Router;
import io.switchboard.router.inspect.Page;
import io.switchboard.router.inspect.SessionInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API under {@code /api/}: JSON, every request needs {@code Authorization: Bearer <token>}
 * (401 otherwise). Listings are paged with {@code offset} and {@code limit} (default 100, at most 1000).
 * Routes are documented in README; each action is logged as one {@code admin.*} event.
 */
final class AdminApi implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    private static final int MAX_BODY = 4096;
    private static final long BACKUP_TIMEOUT_MINUTES = 30;

    private final Router router;
    private final BrokerMetrics metrics;
    private final AdminToken token;
    private final Supplier<BrokerInfo> info;
    private final Supplier<SecurityReload> reload;
    /** The MapDB store, or null with {@code storage.durability=volatile}. */
    private final MapDbStore store;

    /** @param reload what SIGHUP does: re-reads passwords, ACL, limits and TLS material, or throws */
    AdminApi(Router router, BrokerMetrics metrics, AdminToken token, Supplier<BrokerInfo> info,
             Supplier<SecurityReload> reload, MapDbStore store) {
        this.router = router;
        this.metrics = metrics;
        this.token = token;
        this.info = info;
        this.reload = reload;
        this.store = store;
    }

    /** A request the API cannot serve; answered with its status and message. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!token.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"switchboard\"");
                Exchanges.error(exchange, 401, "missing or invalid bearer token");
                return;
            }
            route(exchange);
        } catch (Refusal refusal) {
            Exchanges.error(exchange, refusal.status, refusal.getMessage());
        } catch (IllegalArgumentException e) {
            Exchanges.error(exchange, 400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("admin.failed method={} path={}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            Exchanges.error(exchange, 500, "internal error: " + e.getMessage());
        }
    }

    private void route(HttpExchange exchange) throws IOException, Refusal {
        String path = exchange.getRequestURI().getRawPath();
        String rest = path.length() > "/api/".length() ? path.substring("/api/".length()) : "";
        int slash = rest.indexOf('/');
        String resource = slash < 0 ? rest : rest.substring(0, slash);
        String id = slash < 0 || slash == rest.length() - 1 ? null : Exchanges.decode(rest.substring(slash + 1), false);
        String method = exchange.getRequestMethod();
        Map<String, String> query = Exchanges.query(exchange);
        switch (resource + " " + method + (id == null ? "" : " id")) {
            case "broker GET" -> Exchanges.json(exchange, 200, brokerInfo());
            case "clients GET" -> listSessions(exchange, query, true);
            case "clients GET id" -> Exchanges.json(exchange, 200,
                    AdminViews.session(find(id).filter(SessionInfo::connected)
                            .orElseThrow(() -> new Refusal(404, "client not connected: " + id))));
            case "clients DELETE id" -> disconnect(exchange, id);
            case "sessions GET" -> listSessions(exchange, query, false);
            case "sessions GET id" -> Exchanges.json(exchange, 200, AdminViews.session(
                    find(id).orElseThrow(() -> new Refusal(404, "no session: " + id))));
            case "sessions DELETE id" -> deleteSession(exchange, id);
            case "subscriptions GET" -> {
                int limit = limit(query);
                Exchanges.json(exchange, 200, AdminViews.page(router.inspector().subscriptions(offset(query), limit),
                        limit, AdminViews::subscription));
            }
            case "session-queues GET" -> Exchanges.json(exchange, 200,
                    AdminViews.queues(router.inspector().deepestQueues(limit(query))));
            case "queues GET" -> {
                int limit = limit(query);
                Exchanges.json(exchange, 200, AdminViews.page(Page.of(router.queues().list(), offset(query), limit),
                        limit, AdminViews::namedQueue));
            }
            case "queues GET id" -> Exchanges.json(exchange, 200, AdminViews.namedQueue(
                    Optional.ofNullable(router.queues().lookup(id))
                            .orElseThrow(() -> new Refusal(404, "no queue: " + id))));
            case "queues DELETE id" -> deleteQueue(exchange, id);
            case "retained GET" -> {
                int limit = limit(query);
                Exchanges.json(exchange, 200, AdminViews.page(router.retained(query.get("filter"), offset(query),
                        limit), limit, AdminViews::retained));
            }
            case "retained DELETE" -> deleteRetained(exchange, query.get("topic"));
            case "log-level GET" -> logLevel(exchange, query.getOrDefault("logger", Logger.ROOT_LOGGER_NAME));
            case "log-level PUT" -> setLogLevel(exchange);
            case "reload POST" -> reload(exchange);
            case "storage POST id" -> backup(exchange, id);
            default -> throw new Refusal(404, "no such endpoint: " + method + " " + path);
        }
    }

    private Map<String, Object> brokerInfo() {
        BrokerInfo broker = info.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", broker.version());
        body.put("started_at_ms", broker.startedAtMillis());
        body.put("uptime_seconds", (System.currentTimeMillis() - broker.startedAtMillis()) / 1000);
        body.put("transport", broker.transport());
        body.put("durability", broker.durability());
        body.put("listeners", new TreeMap<>(broker.listeners()));
        body.put("stats", BrokerStatus.of(router, metrics).toJson());
        return body;
    }

    private Optional<SessionInfo> find(String clientId) {
        return router.inspector().session(clientId);
    }

    private void listSessions(HttpExchange exchange, Map<String, String> query, boolean connectedOnly)
            throws IOException, Refusal {
        int limit = limit(query);
        Page<SessionInfo> page = router.inspector().sessions(offset(query), limit, connectedOnly);
        Exchanges.json(exchange, 200, AdminViews.page(page, limit, AdminViews::session));
    }

    private void disconnect(HttpExchange exchange, String clientId) throws IOException, Refusal {
        if (!router.kick(clientId)) {
            throw new Refusal(404, "client not connected: " + clientId);
        }
        LOG.info("admin.client_disconnected client={}", clientId);
        Exchanges.noContent(exchange);
    }

    private void deleteSession(HttpExchange exchange, String clientId) throws IOException, Refusal {
        if (!router.deleteSession(clientId)) {
            throw new Refusal(404, "no session: " + clientId);
        }
        LOG.info("admin.session_deleted client={}", clientId);
        Exchanges.noContent(exchange);
    }

    private void deleteQueue(HttpExchange exchange, String name) throws IOException, Refusal {
        if (!router.queues().delete(name)) {
            throw new Refusal(404, "no queue: " + name);
        }
        LOG.info("admin.queue_deleted name={}", name);
        Exchanges.noContent(exchange);
    }

    private void deleteRetained(HttpExchange exchange, String topic) throws IOException, Refusal {
        if (topic == null || topic.isEmpty()) {
            throw new Refusal(400, "query parameter 'topic' is required");
        }
        if (!router.deleteRetained(topic)) {
            throw new Refusal(404, "no retained message on topic: " + topic);
        }
        LOG.info("admin.retained_deleted topic={}", topic);
        Exchanges.noContent(exchange);
    }

    /** 200 with what is in force, or 422 naming the unusable file (the previous rules stay). */
    private void reload(HttpExchange exchange) throws IOException, Refusal {
        SecurityReload done;
        try {
            done = reload.get();
        } catch (InvalidRulesException e) {
            throw new Refusal(422, "reload refused, the previous rules stay in force: " + e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reloaded", true);
        body.put("password_file", done.passwordFile());
        body.put("users", done.users());
        body.put("acl_file", done.aclFile());
        body.put("acl_rules", done.aclRules());
        body.put("tls", done.tlsReloaded() ? "reloaded" : "off");
        body.put("limits", done.limitsChanged() ? "changed" : "unchanged");
        Exchanges.json(exchange, 200, body);
    }

    private static void logLevel(HttpExchange exchange, String logger) throws IOException, Refusal {
        String level = LogLevels.effective(logger);
        if (level == null) {
            throw new Refusal(501, "the logging backend does not support level changes");
        }
        Exchanges.json(exchange, 200, Map.of("logger", logger, "level", level));
    }

    private static void setLogLevel(HttpExchange exchange) throws IOException, Refusal {
        JsonNode body = readJson(exchange);
        String logger = body.path("logger").asText(Logger.ROOT_LOGGER_NAME);
        String text = body.path("level").asText("");
        LogLevel level;
        try {
            level = LogLevel.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "level must be one of trace, debug, info, warn, error; got '" + text + "'");
        }
        if (!LogLevels.set(logger, level)) {
            throw new Refusal(501, "the logging backend does not support level changes");
        }
        LOG.info("admin.log_level_changed logger={} level={}", logger, text.toLowerCase(Locale.ROOT));
        logLevel(exchange, logger);
    }

    /**
     * {@code POST /api/storage/backup {"dir": "/path"}}: a consistent copy of the running store (a checkpoint,
     * then the file copied and fsynced by the store's writer) as {@code dir/switchboard.db}.
     */
    private void backup(HttpExchange exchange, String action) throws IOException, Refusal {
        if (!"backup".equals(action)) {
            throw new Refusal(404, "no such endpoint: POST /api/storage/" + action);
        }
        if (store == null) {
            throw new Refusal(409, "storage.durability is volatile: there is no store to back up");
        }
        String dir = readJson(exchange).path("dir").asText("");
        if (dir.isBlank()) {
            throw new Refusal(400, "the body must name the target directory: {\"dir\": \"/path\"}");
        }
        Path target = Path.of(dir).toAbsolutePath().normalize();
        if (target.equals(store.settings().dataDir().toAbsolutePath().normalize())
                || Files.exists(target.resolve(MapDbStore.DATA_FILE))) {
            throw new Refusal(409, target + " already holds a " + MapDbStore.DATA_FILE + "; choose an empty directory");
        }
        Path written;
        try {
            written = store.backupTo(target).get(BACKUP_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new Refusal(500, "backup to " + target + " failed: " + e.getCause());
        } catch (TimeoutException e) {
            throw new Refusal(504, "backup to " + target + " did not finish within " + BACKUP_TIMEOUT_MINUTES
                    + " minutes; it may still complete");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refusal(503, "interrupted");
        }
        long bytes = Files.size(written);
        LOG.info("admin.storage_backup target={} bytes={}", written, bytes);
        Exchanges.json(exchange, 200, Map.of("path", written.toString(), "bytes", bytes));
    }

    private static JsonNode readJson(HttpExchange exchange) throws IOException, Refusal {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new Refusal(413, "request body larger than " + MAX_BODY + " bytes");
        }
        try {
            JsonNode node = Exchanges.JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new Refusal(400, "expected a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Refusal(400, "invalid JSON: " + e.getOriginalMessage());
        }
    }

    private static int offset(Map<String, String> query) throws Refusal {
        return number(query, "offset", 0, 0, Integer.MAX_VALUE);
    }

    private static int limit(Map<String, String> query) throws Refusal {
        return number(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    private static int number(Map<String, String> query, String name, int fallback, int min, int max)
            throws Refusal {
        String raw = query.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                throw new Refusal(400, name + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new Refusal(400, name + " must be an integer, got '" + raw + "'");
        }
    }
}
