package io.switchboard.router;

import static io.switchboard.router.RouterFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.RouterFixture.Client;
import io.switchboard.router.api.ConnectRequest;
import io.switchboard.router.api.ConnectResult;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.Qos;
import io.switchboard.router.security.ReadPermission;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The session's read permission filters retained messages at subscribe time and live deliveries. */
@Timeout(30)
class ReadPermissionTest {
    private final RouterFixture fx = new RouterFixture(RouterSettings.DEFAULTS);

    @AfterEach
    void close() {
        fx.close();
    }

    private Client connectReading(String clientId, ReadPermission permission) throws Exception {
        TestExecutor loop = fx.executor("client-" + clientId);
        RecordingSink sink = new RecordingSink();
        CompletableFuture<ConnectResult> result = new CompletableFuture<>();
        ConnectRequest request = new ConnectRequest(clientId, true, 0, null, 65_535, Protocol.MQTT, sink, loop,
                permission);
        loop.run(() -> fx.router.connect(request, result::complete));
        ConnectResult r = result.get(5, TimeUnit.SECONDS);
        return new Client(loop, sink, r.session(), r.sessionPresent());
    }

    @Test
    void retainedMessagesTheSubscriberMayNotReadAreNotSent() throws Exception {
        Client pub = fx.connect("pub", true, 0);
        pub.publish(Message.builder("sensors/public", "p".getBytes()).retain(true).build());
        pub.publish(Message.builder("sensors/secret", "s".getBytes()).retain(true).build());

        Client sub = connectReading("sub", topic -> !topic.endsWith("secret"));
        assertThat(sub.subscribe("sensors/#", Qos.AT_LEAST_ONCE).isGranted()).isTrue();

        assertThat(sub.sink().next().message().topic()).isEqualTo("sensors/public");
        assertThat(sub.sink().quietFor(Duration.ofMillis(200))).isTrue();
    }

    @Test
    void liveMessagesTheSubscriberMayNotReadAreNotDelivered() throws Exception {
        Client sub = connectReading("sub", topic -> !topic.endsWith("secret"));
        sub.subscribe("sensors/#", Qos.AT_MOST_ONCE);
        Client pub = fx.connect("pub", true, 0);
        for (String topic : List.of("sensors/secret", "sensors/a", "sensors/secret", "sensors/b")) {
            pub.publish(message(topic, "x", Qos.AT_MOST_ONCE));
        }
        assertThat(sub.sink().next(2)).extracting(d -> d.message().topic()).containsExactly("sensors/a", "sensors/b");
        assertThat(sub.sink().quietFor(Duration.ofMillis(200))).isTrue();
    }

    @Test
    void withoutAPermissionEverythingIsReceived() {
        Client pub = fx.connect("pub", true, 0);
        pub.publish(Message.builder("sensors/secret", "s".getBytes()).retain(true).build());
        Client sub = fx.connect("sub", true, 0);
        sub.subscribe("sensors/#", Qos.AT_MOST_ONCE);
        assertThat(sub.sink().next().message().topic()).isEqualTo("sensors/secret");
    }
}
