package io.switchboard.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.broker.config.BrokerConfig;
import io.switchboard.broker.config.ConfigException;
import io.switchboard.broker.config.ConfigLoader;
import io.switchboard.broker.config.HttpConfig;
import io.switchboard.broker.ctl.AdminClient;
import io.switchboard.broker.ctl.CtlException;
import io.switchboard.broker.ctl.Table;
import io.switchboard.broker.http.AdminToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code switchboard ctl <command>}: the admin API from the command line, as tables or {@code --json}. The
 * broker's address and token come from the same config as {@code start} (file, environment, {@code --set}), or
 * from {@code --url} and {@code --token}. Exit codes: 0 done, 1 the request failed (unreachable, not found,
 * refused), 2 bad usage or configuration.
 */
@Command(name = "ctl", mixinStandardHelpOptions = true,
        description = "Inspects and administers a running broker through its admin HTTP API.")
final class CtlCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the API's JSON instead of a table.")
    boolean json;

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Base URL of the broker's HTTP listener (default: from the config, http://HOST:PORT).")
    URI url;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "Admin token (default: http.admin_token, http.admin_token_file, or the token the broker"
                    + " generated into <storage.dir>/admin.token).")
    String token;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Config file of the broker (same default as start).")
    Path config;

    @Option(names = "--set", scope = ScopeType.INHERIT, paramLabel = "KEY=VALUE",
            description = "Config override, as for start.")
    List<String> sets = new ArrayList<>();

    private final Launch launch;

    CtlCommand(Launch launch) {
        this.launch = launch;
    }

    /** Without a command: print the usage and fail. */
    @Override
    public Integer call() {
        new CommandLine(this).usage(launch.err());
        return Main.EXIT_USAGE;
    }

    /** One API call with its rendering; exceptions become exit codes. */
    private interface Action {
        void run(AdminClient client, PrintWriter out) throws CtlException;
    }

    private int run(Action action) {
        PrintWriter out = launch.out();
        try {
            action.run(client(), out);
            out.flush();
            return Main.EXIT_OK;
        } catch (CtlException e) {
            launch.err().println("switchboard ctl: " + e.getMessage());
            launch.err().flush();
            return e.exitCode();
        }
    }

    private AdminClient client() throws CtlException {
        BrokerConfig brokerConfig = null;
        if (url == null || token == null) {
            try {
                brokerConfig = ConfigLoader.load(StartCommand.configFile(config, launch.environment()),
                        launch.environment(), sets);
            } catch (ConfigException e) {
                throw new CtlException(Main.EXIT_USAGE, e.getMessage());
            }
        }
        URI base = url != null ? url : baseUrl(brokerConfig.http());
        String resolved = token != null ? token : token(brokerConfig);
        return new AdminClient(base, resolved);
    }

    static URI baseUrl(HttpConfig http) throws CtlException {
        if (http.port() <= 0) {
            throw new CtlException(Main.EXIT_USAGE, "http.port is " + http.port()
                    + " in the config: give the broker's address with --url");
        }
        String host = http.host().equals("0.0.0.0") || http.host().equals("::") ? "127.0.0.1" : http.host();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.port() + "/");
    }

    static String token(BrokerConfig brokerConfig) throws CtlException {
        Path dataDir = Path.of(brokerConfig.storage().dir());
        try {
            String configured = AdminToken.configured(brokerConfig.http(), dataDir);
            if (configured != null) {
                return configured;
            }
            Path generated = dataDir.resolve(AdminToken.GENERATED_FILE);
            if (!Files.exists(generated)) {
                throw new CtlException(Main.EXIT_USAGE, "no admin token: " + generated
                        + " does not exist (is the broker running from this directory?); use --token");
            }
            return AdminToken.readFile(generated);
        } catch (IOException e) {
            throw new CtlException(Main.EXIT_USAGE, "cannot read the admin token: " + e.getMessage());
        }
    }

    private boolean printJson(PrintWriter out, JsonNode node) {
        if (!json) {
            return false;
        }
        try {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return true;
    }

    private static ObjectNode done(String action, String key, String value) {
        return JsonNodeFactory.instance.objectNode().put("ok", true).put("action", action).put(key, value);
    }

    @Command(name = "info", description = "Broker version, uptime, listeners and live totals.")
    int info() {
        return run((client, out) -> {
            JsonNode info = client.get("/api/broker");
            if (printJson(out, info)) {
                return;
            }
            Table table = new Table("KEY", "VALUE");
            table.row("version", info.path("version").asText());
            table.row("started_at", Instant.ofEpochMilli(info.path("started_at_ms").asLong()));
            table.row("uptime_seconds", info.path("uptime_seconds").asLong());
            table.row("transport", info.path("transport").asText());
            table.row("durability", info.path("durability").asText());
            fields(info.path("listeners"), "listener.", table);
            fields(info.path("stats"), "", table);
            table.print(out);
        });
    }

    private static void fields(JsonNode object, String prefix, Table table) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            table.row(prefix + field.getKey(), field.getValue().asText());
        }
    }

    @Command(name = "clients", description = "Connected clients, sorted by client id.")
    int clients(@Option(names = "--offset", defaultValue = "0") int offset,
                @Option(names = "--limit", defaultValue = "100") int limit) {
        return run((client, out) -> sessionTable(out, client.get("/api/clients?offset=" + offset + "&limit=" + limit)));
    }

    @Command(name = "sessions", description = "Every session (connected or offline persistent), by client id.")
    int sessions(@Option(names = "--offset", defaultValue = "0") int offset,
                 @Option(names = "--limit", defaultValue = "100") int limit) {
        return run((client, out) -> sessionTable(out, client.get("/api/sessions?offset=" + offset + "&limit="
                + limit)));
    }

    private void sessionTable(PrintWriter out, JsonNode page) {
        if (printJson(out, page)) {
            return;
        }
        Table table = new Table("CLIENT_ID", "CONNECTED", "PROTOCOL", "SUBSCRIPTIONS", "QUEUED", "INFLIGHT",
                "EXPIRY_S");
        for (JsonNode s : page.path("items")) {
            table.row(s.path("client_id").asText(), s.path("connected").asBoolean(), s.path("protocol").asText(),
                    s.path("subscriptions").size(), s.path("queued_messages").asInt(),
                    s.path("inflight_messages").asInt(), s.path("session_expiry_seconds").asLong());
        }
        table.print(out);
        footer(out, page);
    }

    private static void footer(PrintWriter out, JsonNode page) {
        int shown = page.path("items").size();
        int offset = page.path("offset").asInt();
        out.println("(" + (shown == 0 ? "none" : (offset + 1) + "-" + (offset + shown)) + " of "
                + page.path("total").asInt() + ")");
    }

    @Command(name = "session", aliases = "client", description = "One session's details and subscriptions.")
    int session(@Parameters(paramLabel = "CLIENT_ID") String clientId) {
        return run((client, out) -> {
            JsonNode s = client.get("/api/sessions/" + AdminClient.encode(clientId));
            if (printJson(out, s)) {
                return;
            }
            Table table = new Table("KEY", "VALUE");
            s.fields().forEachRemaining(field -> {
                if (!field.getKey().equals("subscriptions")) {
                    table.row(field.getKey(), field.getValue().asText());
                }
            });
            table.print(out);
            out.println();
            subscriptionTable(s.path("subscriptions")).print(out);
        });
    }

    @Command(name = "kick", description = "Disconnects a client (MQTT 5: DISCONNECT 0x98 administrative action).")
    int kick(@Parameters(paramLabel = "CLIENT_ID") String clientId) {
        return run((client, out) -> {
            client.delete("/api/clients/" + AdminClient.encode(clientId));
            if (!printJson(out, done("kick", "client_id", clientId))) {
                out.println("disconnected client " + clientId);
            }
        });
    }

    @Command(name = "delete-session", description = "Ends a session: disconnects it, drops its state, no will.")
    int deleteSession(@Parameters(paramLabel = "CLIENT_ID") String clientId) {
        return run((client, out) -> {
            client.delete("/api/sessions/" + AdminClient.encode(clientId));
            if (!printJson(out, done("delete-session", "client_id", clientId))) {
                out.println("deleted session " + clientId);
            }
        });
    }

    @Command(name = "subscriptions", description = "Subscriptions of every session.")
    int subscriptions(@Option(names = "--offset", defaultValue = "0") int offset,
                      @Option(names = "--limit", defaultValue = "100") int limit) {
        return run((client, out) -> {
            JsonNode page = client.get("/api/subscriptions?offset=" + offset + "&limit=" + limit);
            if (!printJson(out, page)) {
                subscriptionTable(page.path("items")).print(out);
                footer(out, page);
            }
        });
    }

    private static Table subscriptionTable(JsonNode items) {
        Table table = new Table("CLIENT_ID", "FILTER", "QOS", "NO_LOCAL", "RETAIN_AS_PUBLISHED", "RETAIN_HANDLING",
                "SUBSCRIPTION_ID");
        for (JsonNode s : items) {
            table.row(s.path("client_id").asText(), s.path("filter").asText(), s.path("qos").asInt(),
                    s.path("no_local").asBoolean(), s.path("retain_as_published").asBoolean(),
                    s.path("retain_handling").asText(), s.path("subscription_id").asInt());
        }
        return table;
    }

    @Command(name = "queues", description = "Named queues (anycast), by name, with depth and bindings.")
    int queues(@Option(names = "--offset", defaultValue = "0") int offset,
               @Option(names = "--limit", defaultValue = "100") int limit) {
        return run((client, out) -> {
            JsonNode page = client.get("/api/queues?offset=" + offset + "&limit=" + limit);
            if (printJson(out, page)) {
                return;
            }
            Table table = new Table("NAME", "DEPTH", "DURABLE", "MAX_MESSAGES", "BINDINGS", "DEAD_LETTER_QUEUE");
            for (JsonNode q : page.path("items")) {
                List<String> bindings = new ArrayList<>();
                q.path("bindings").forEach(b -> bindings.add(b.asText()));
                table.row(q.path("name").asText(), q.path("depth").asInt(), q.path("durable").asBoolean(),
                        q.path("max_messages").asInt(), String.join(",", bindings),
                        q.path("dead_letter_queue").asText(""));
            }
            table.print(out);
            footer(out, page);
        });
    }

    @Command(name = "delete-queue", description = "Deletes a named queue with its bindings and messages.")
    int deleteQueue(@Parameters(paramLabel = "NAME") String name) {
        return run((client, out) -> {
            client.delete("/api/queues/" + AdminClient.encode(name));
            if (!printJson(out, done("delete-queue", "name", name))) {
                out.println("deleted queue " + name);
            }
        });
    }

    @Command(name = "session-queues", description = "The deepest session queues.")
    int sessionQueues(@Option(names = "--limit", defaultValue = "10") int limit) {
        return run((client, out) -> {
            JsonNode queues = client.get("/api/session-queues?limit=" + limit);
            if (printJson(out, queues)) {
                return;
            }
            Table table = new Table("CLIENT_ID", "QUEUED", "OLDEST_AGE_MS");
            for (JsonNode q : queues.path("items")) {
                table.row(q.path("client_id").asText(), q.path("queued_messages").asInt(),
                        q.path("oldest_age_ms").asLong());
            }
            table.print(out);
        });
    }

    @Command(name = "retained", description = "Retained messages (topics, without payloads), by topic.")
    int retained(@Option(names = "--filter", paramLabel = "TOPIC_FILTER") String filter,
                 @Option(names = "--offset", defaultValue = "0") int offset,
                 @Option(names = "--limit", defaultValue = "100") int limit) {
        return run((client, out) -> {
            JsonNode page = client.get("/api/retained?offset=" + offset + "&limit=" + limit
                    + (filter == null ? "" : "&filter=" + AdminClient.encode(filter)));
            if (printJson(out, page)) {
                return;
            }
            Table table = new Table("TOPIC", "QOS", "BYTES", "CREATED_AT");
            for (JsonNode r : page.path("items")) {
                table.row(r.path("topic").asText(), r.path("qos").asInt(), r.path("payload_bytes").asInt(),
                        Instant.ofEpochMilli(r.path("created_at_ms").asLong()));
            }
            table.print(out);
            footer(out, page);
        });
    }

    @Command(name = "delete-retained", description = "Deletes a topic's retained message (nothing is delivered).")
    int deleteRetained(@Parameters(paramLabel = "TOPIC") String topic) {
        return run((client, out) -> {
            client.delete("/api/retained?topic=" + AdminClient.encode(topic));
            if (!printJson(out, done("delete-retained", "topic", topic))) {
                out.println("deleted retained message of " + topic);
            }
        });
    }

    @Command(name = "log-level", description = "Shows a logger's level, or sets it when LEVEL is given.")
    int logLevel(@Option(names = "--logger", defaultValue = "ROOT") String logger,
                 @Parameters(arity = "0..1", paramLabel = "LEVEL",
                         description = "trace, debug, info, warn or error") String level) {
        return run((client, out) -> {
            JsonNode answer = level == null
                    ? client.get("/api/log-level?logger=" + AdminClient.encode(logger))
                    : client.put("/api/log-level", JsonNodeFactory.instance.objectNode().put("logger", logger)
                            .put("level", level).toString());
            if (!printJson(out, answer)) {
                out.println(answer.path("logger").asText() + " " + answer.path("level").asText());
            }
        });
    }

    @Command(name = "reload", description = "Re-reads the password file, the ACL, the limits and the TLS files, as"
            + " SIGHUP does; a bad file is refused with its file and line and the rules in force stay.")
    int reload() {
        return run((client, out) -> {
            JsonNode answer = client.post("/api/reload");
            if (printJson(out, answer)) {
                return;
            }
            Table table = new Table("KEY", "VALUE");
            fields(answer, "", table);
            table.print(out);
        });
    }
}
