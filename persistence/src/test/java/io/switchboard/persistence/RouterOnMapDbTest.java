package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.RecordingSink;
import io.switchboard.router.Router;
import io.switchboard.router.RouterSettings;
import io.switchboard.router.TestExecutor;
import io.switchboard.router.api.BrokerSession;
import io.switchboard.router.api.ConnectRequest;
import io.switchboard.router.api.ConnectResult;
import io.switchboard.router.api.Delivery;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.SubscriptionOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real router on the MapDB store, across a real restart: store closed, reopened, router recovered. */
@Timeout(60)
class RouterOnMapDbTest {
    @TempDir
    Path dir;
    private final List<TestExecutor> executors = new ArrayList<>();

    @AfterEach
    void stopExecutors() {
        executors.forEach(TestExecutor::close);
    }

    private TestExecutor executor(String name) {
        TestExecutor e = new TestExecutor(name);
        executors.add(e);
        return e;
    }

    private Router router(MapDbStore store) {
        TestExecutor offline = executor("offline");
        return new Router(RouterSettings.DEFAULTS, store, store.retainedStore(), id -> offline);
    }

    private record Client(TestExecutor loop, RecordingSink sink, BrokerSession session, boolean present) {
    }

    private Client connect(Router router, String clientId, boolean cleanStart) throws Exception {
        TestExecutor loop = executor("client-" + clientId);
        RecordingSink sink = new RecordingSink();
        CompletableFuture<ConnectResult> result = new CompletableFuture<>();
        ConnectRequest request = new ConnectRequest(clientId, cleanStart, 3600, null, 65_535, Protocol.MQTT, sink,
                loop);
        loop.run(() -> router.connect(request, result::complete));
        ConnectResult r = result.get(10, TimeUnit.SECONDS);
        return new Client(loop, sink, r.session(), r.sessionPresent());
    }

    private static String text(Delivery d) {
        return new String(d.message().payload(), StandardCharsets.UTF_8);
    }

    @Test
    void queuedMessagesSubscriptionsAndRetainedSurviveARestart() throws Exception {
        try (MapDbStore store = MapDbStore.open(Fixtures.settings(dir))) {
            Router router = router(store);
            router.recover(Duration.ofSeconds(10));
            Client sub = connect(router, "dev", true);
            sub.loop().run(() -> sub.session().subscribe("t/+", SubscriptionOptions.of(Qos.EXACTLY_ONCE)));
            sub.loop().run(() -> sub.session().disconnect(false));
            Client other = connect(router, "dev2", true);
            other.loop().run(() -> other.session().subscribe("t/#", SubscriptionOptions.of(Qos.AT_LEAST_ONCE)));
            other.loop().run(() -> other.session().disconnect(false));
            Client pub = connect(router, "pub", true);
            for (int i = 1; i <= 20; i++) {
                Message m = Message.builder("t/" + i, ("m" + i).getBytes(StandardCharsets.UTF_8))
                        .qos(Qos.AT_LEAST_ONCE).publisherId("pub").build();
                pub.loop().run(() -> pub.session().publish(m));
            }
            Message retained = Message.builder("r", new byte[] {9}).retain(true).publisherId("pub").build();
            pub.loop().run(() -> pub.session().publish(retained));
            store.sync().get(10, TimeUnit.SECONDS);
            assertThat(store.loadDeliveries("dev2")).hasSize(20);
            assertThat(Fixtures.bodies(store)).as("one body per message for both sessions, plus the retained one")
                    .isEqualTo(21);
            router.shutdown();
        }
        try (MapDbStore store = MapDbStore.open(Fixtures.settings(dir))) {
            Router router = router(store);
            router.recover(Duration.ofSeconds(10));
            Client back = connect(router, "dev", false);
            assertThat(back.present()).isTrue();
            List<String> got = new ArrayList<>();
            for (Delivery d : back.sink().next(20)) {
                got.add(text(d));
            }
            assertThat(got).containsExactlyElementsOf(
                    IntStream.rangeClosed(1, 20).mapToObj(i -> "m" + i).toList());
            assertThat(router.stats().retainedMessages()).isEqualTo(1);
            assertThat(store.loadDeliveries("dev2")).hasSize(20);
            router.shutdown();
        }
    }
}
