package io.switchboard.router;

import static io.switchboard.router.RouterFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.RouterFixture.Client;
import io.switchboard.router.api.Delivery;
import io.switchboard.router.api.OverflowPolicy;
import io.switchboard.router.api.PublishOutcome;
import io.switchboard.router.api.Qos;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The backpressure overflow policy holds acknowledgements instead of dropping acknowledged messages. */
@Timeout(30)
class BackpressureTest {
    private final RouterFixture fx = new RouterFixture(
            new RouterSettings(2, 1 << 20, OverflowPolicy.BACKPRESSURE, false));

    @AfterEach
    void close() {
        fx.close();
    }

    private CompletableFuture<PublishOutcome> publish(Client pub, String payload) {
        CompletableFuture<PublishOutcome> acked = new CompletableFuture<>();
        pub.loop().run(() -> pub.session().publish(message("slow", payload, Qos.AT_LEAST_ONCE)
                .toBuilder().publisherId("pub").build(), acked::complete));
        return acked;
    }

    @Test
    void aSlowConnectedSubscriberHoldsPublishersInsteadOfLosingMessages() throws Exception {
        Client sub = fx.connect("sub", true, 0, null, 1); // one message in flight at a time
        sub.subscribe("slow", Qos.AT_LEAST_ONCE);
        Client pub = fx.connect("pub", true, 0);
        List<CompletableFuture<PublishOutcome>> acks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            acks.add(publish(pub, "m" + i));
        }
        // 1 in flight + 2 queued are acknowledged; the other 3 wait for the queue to drain
        for (int i = 0; i < 3; i++) {
            assertThat(acks.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(PublishOutcome.ROUTED);
        }
        assertThat(acks.get(5)).isNotDone();
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Delivery d = sub.sink().next();
            received.add(new String(d.message().payload(), java.nio.charset.StandardCharsets.UTF_8));
            sub.ack(d.id());
        }
        assertThat(received).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
        for (CompletableFuture<PublishOutcome> ack : acks) {
            assertThat(ack.get(5, TimeUnit.SECONDS)).isEqualTo(PublishOutcome.ROUTED);
        }
        assertThat(fx.router.stats().droppedQueueFull()).isZero();
    }

    @Test
    void heldPublishersAreReleasedWhenTheSubscriberGoesAway() throws Exception {
        Client sub = fx.connect("sub", true, 3600, null, 1);
        sub.subscribe("slow", Qos.AT_LEAST_ONCE);
        Client pub = fx.connect("pub", true, 0);
        List<CompletableFuture<PublishOutcome>> acks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            acks.add(publish(pub, "m" + i));
        }
        acks.get(2).get(5, TimeUnit.SECONDS);
        assertThat(acks.get(4)).isNotDone();
        sub.disconnect(false);
        for (CompletableFuture<PublishOutcome> ack : acks) {
            assertThat(ack.get(5, TimeUnit.SECONDS)).isEqualTo(PublishOutcome.ROUTED);
        }
        // the persistent session kept everything: nothing acknowledged was dropped
        Client back = fx.connect("sub", false, 3600, null, 10);
        assertThat(back.sink().next(5)).hasSize(5);
    }
}
