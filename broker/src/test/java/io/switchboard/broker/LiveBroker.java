package io.switchboard.broker;

import io.switchboard.broker.config.BrokerConfig;
import io.switchboard.broker.config.ConfigLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A broker started in-process from the shipped config on ephemeral ports (MQTT TCP, HTTP), with a known admin
 * token, and a plain JDK HTTP client to talk to it.
 */
final class LiveBroker implements AutoCloseable {
    static final String TOKEN = "test-admin-token-0123456789";

    final Broker broker;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LiveBroker(Broker broker) {
        this.broker = broker;
    }

    static LiveBroker start(Path dataDir, String... sets) throws Exception {
        List<String> all = new ArrayList<>(List.of("http.admin_token=" + TOKEN));
        all.addAll(List.of(sets));
        return startWithGeneratedToken(dataDir, all.toArray(String[]::new));
    }

    /** Without a configured token: the broker generates one into {@code <dataDir>/admin.token}. */
    static LiveBroker startWithGeneratedToken(Path dataDir, String... sets) throws Exception {
        List<String> all = new ArrayList<>(List.of("mqtt.port=0", "mqtt.websocket_port=-1", "amqp.port=0",
                "http.port=0",
                "sys.interval_seconds=0", "storage.dir=" + dataDir));
        all.addAll(List.of(sets));
        BrokerConfig config = ConfigLoader.load(BrokerProcess.SHIPPED_CONFIG, Map.of(), all);
        return new LiveBroker(Broker.start(config));
    }

    int mqttPort() {
        return broker.mqttPort();
    }

    int httpPort() {
        return broker.httpPort();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + broker.httpPort() + path);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET(), TOKEN);
    }

    HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one sample of the Prometheus exposition, e.g. {@code name{a="b",c="d"}}; NaN when absent. */
    double metric(String sample) throws Exception {
        String body = get("/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @Override
    public void close() {
        broker.close();
    }
}
