package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.broker.config.BrokerConfig;
import io.switchboard.broker.config.ConfigLoader;
import io.switchboard.broker.http.BrokerInfo;
import io.switchboard.router.Router;
import io.switchboard.router.RouterSettings;
import io.switchboard.router.spi.memory.MemoryRetainedStore;
import io.switchboard.router.spi.memory.MemorySessionStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readiness probe through the broker's life, on a real HTTP listener: live but not ready while starting
 * (recovery, binding), ready once started, not ready again as soon as shutdown begins.
 */
@Timeout(30)
class ReadinessTest {
    @TempDir
    Path dir;

    @Test
    void readinessFlipsFromStartingToReadyToStopping() throws Exception {
        BrokerConfig config = ConfigLoader.load(BrokerProcess.SHIPPED_CONFIG, Map.of(),
                List.of("http.port=0", "sys.interval_seconds=0", "storage.dir=" + dir));
        SessionLoops loops = new SessionLoops(1);
        Router router = new Router(RouterSettings.DEFAULTS, new MemorySessionStore(), new MemoryRetainedStore(),
                loops::forClient);
        BrokerInfo info = new BrokerInfo("test", System.currentTimeMillis(), "nio", "volatile", Map.of());
        HttpClient http = HttpClient.newHttpClient();
        try (Observability observability = new Observability(config, router, () -> null)) {
            observability.startHttp(dir, () -> info, () -> {
                throw new UnsupportedOperationException("no security to reload");
            });
            URI ready = URI.create("http://127.0.0.1:" + observability.httpPort() + "/health/ready");
            URI live = URI.create("http://127.0.0.1:" + observability.httpPort() + "/health/live");

            HttpResponse<String> starting = get(http, ready);
            HttpResponse<String> liveWhileStarting = get(http, live);
            observability.ready(() -> info);
            HttpResponse<String> running = get(http, ready);
            observability.stopping();
            HttpResponse<String> stopping = get(http, ready);
            HttpResponse<String> liveWhileStopping = get(http, live);

            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.body()).isEqualTo("{\"status\":\"starting\"}");
            assertThat(liveWhileStarting.statusCode()).isEqualTo(200);
            assertThat(running.statusCode()).isEqualTo(200);
            assertThat(stopping.statusCode()).isEqualTo(503);
            assertThat(stopping.body()).isEqualTo("{\"status\":\"stopping\"}");
            assertThat(liveWhileStopping.statusCode()).isEqualTo(200);
        } finally {
            loops.close();
        }
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
