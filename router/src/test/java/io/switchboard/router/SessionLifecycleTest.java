package io.switchboard.router;

import static io.switchboard.router.RouterFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.router.RouterFixture.Client;
import io.switchboard.router.api.Delivery;
import io.switchboard.router.api.DisconnectReason;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.OverflowPolicy;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.Will;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SessionLifecycleTest {
    private RouterFixture fx = new RouterFixture(RouterSettings.DEFAULTS);

    @AfterEach
    void close() {
        fx.close();
    }

    private static String text(Delivery d) {
        return new String(d.message().payload(), StandardCharsets.UTF_8);
    }

    @Test
    void persistentSessionQueuesWhileOfflineAndResendsInflightAsDuplicates() {
        Client sub = fx.connect("dev", true, 3600);
        assertThat(sub.sessionPresent()).isFalse();
        sub.subscribe("t/#", Qos.AT_LEAST_ONCE);
        Client pub = fx.connect("pub", true, 0);
        pub.publish(message("t/1", "before", Qos.AT_LEAST_ONCE));
        Delivery unacked = sub.sink().next();
        sub.disconnect(false);

        for (int i = 0; i < 3; i++) {
            pub.publish(message("t/1", "offline" + i, Qos.AT_LEAST_ONCE));
        }
        pub.publish(message("t/1", "qos0-not-queued", Qos.AT_MOST_ONCE));

        Client back = fx.connect("dev", false, 3600);
        assertThat(back.sessionPresent()).isTrue();
        List<Delivery> got = back.sink().next(4);
        assertThat(got.get(0).duplicate()).isTrue();
        assertThat(got.get(0).id()).isEqualTo(unacked.id());
        assertThat(got).extracting(SessionLifecycleTest::text)
                .containsExactly("before", "offline0", "offline1", "offline2");
        assertThat(got.subList(1, 4)).noneMatch(Delivery::duplicate);
        // subscriptions survived too
        pub.publish(message("t/2", "after", Qos.AT_MOST_ONCE));
        assertThat(text(back.sink().next())).isEqualTo("after");
    }

    @Test
    void releasedQos2IsResumedWithARelease() {
        Client sub = fx.connect("dev", true, 3600);
        sub.subscribe("t", Qos.EXACTLY_ONCE);
        Client pub = fx.connect("pub", true, 0);
        pub.publish(message("t", "x", Qos.EXACTLY_ONCE));
        Delivery d = sub.sink().next();
        sub.rec(d.id());
        sub.disconnect(false);
        Client back = fx.connect("dev", false, 3600);
        assertThat(back.sink().nextRelease()).isEqualTo(d.id());
        assertThat(back.ack(d.id())).isTrue();
    }

    @Test
    void cleanStartDiscardsTheOldSession() throws InterruptedException {
        Client sub = fx.connect("dev", true, 3600);
        sub.subscribe("t", Qos.AT_LEAST_ONCE);
        sub.disconnect(false);
        Client back = fx.connect("dev", true, 3600);
        assertThat(back.sessionPresent()).isFalse();
        fx.connect("pub", true, 0).publish(message("t", "x", Qos.AT_LEAST_ONCE));
        assertThat(back.sink().quietFor(Duration.ofMillis(100))).isTrue();
    }

    @Test
    void zeroExpirySessionEndsWithTheConnection() {
        Client c = fx.connect("dev", false, 0);
        c.subscribe("t", Qos.AT_LEAST_ONCE);
        c.disconnect(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> !fx.router.hasSession("dev"));
        assertThat(fx.connect("dev", false, 0).sessionPresent()).isFalse();
    }

    @Test
    void sessionExpiresAfterItsInterval() {
        Client c = fx.connect("dev", false, 1);
        c.subscribe("t", Qos.AT_LEAST_ONCE);
        c.disconnect(false);
        assertThat(fx.router.hasSession("dev")).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !fx.router.hasSession("dev"));
        assertThat(fx.router.stats().subscriptions()).isZero();
    }

    @Test
    void takeoverClosesTheOldConnectionAndKeepsTheSession() {
        Client first = fx.connect("dev", false, 3600);
        first.subscribe("t", Qos.AT_LEAST_ONCE);
        Client second = fx.connect("dev", false, 3600);
        assertThat(first.sink().nextClose()).isEqualTo(DisconnectReason.SESSION_TAKEN_OVER);
        assertThat(second.sessionPresent()).isTrue();
        // late calls on the dead handle change nothing
        first.disconnect(true);
        assertThat(first.unsubscribe("t")).isFalse();
        fx.connect("pub", true, 0).publish(message("t", "x", Qos.AT_LEAST_ONCE));
        assertThat(text(second.sink().next())).isEqualTo("x");
        assertThat(fx.router.stats().connectedSessions()).isEqualTo(2);
    }

    @Test
    void willIsPublishedOnAbnormalCloseOnly() throws InterruptedException {
        Client watcher = fx.connect("watcher", true, 0);
        watcher.subscribe("wills/#", Qos.AT_LEAST_ONCE);
        Will will = new Will(message("wills/a", "gone", Qos.AT_LEAST_ONCE), 0);

        fx.connect("a", true, 0, will, 10).disconnect(false);
        assertThat(watcher.sink().quietFor(Duration.ofMillis(100))).isTrue();

        fx.connect("a", true, 0, will, 10).disconnect(true);
        assertThat(text(watcher.sink().next())).isEqualTo("gone");
    }

    @Test
    void delayedWillWaitsAndIsCancelledByReconnect() throws InterruptedException {
        Client watcher = fx.connect("watcher", true, 0);
        watcher.subscribe("wills/#", Qos.AT_LEAST_ONCE);
        Will will = new Will(message("wills/a", "late", Qos.AT_LEAST_ONCE), 1);

        fx.connect("a", true, 3600, will, 10).disconnect(true);
        fx.connect("a", false, 3600, null, 10); // back before the delay: no will
        assertThat(watcher.sink().quietFor(Duration.ofMillis(1500))).isTrue();

        fx.connect("b", true, 3600, new Will(message("wills/b", "late", Qos.AT_LEAST_ONCE), 1), 10).disconnect(true);
        long start = System.nanoTime();
        Delivery d = watcher.sink().next();
        assertThat(d.message().topic()).isEqualTo("wills/b");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(500));
    }

    @Test
    void willMessageExpiryStartsWhenTheWillIsPublished() {
        Client watcher = fx.connect("watcher", true, 0);
        watcher.subscribe("wills/#", Qos.AT_LEAST_ONCE);
        Message body = Message.builder("wills/e", new byte[] {1}).qos(Qos.AT_LEAST_ONCE)
                .expiresAtMillis(1).build(); // an absolute expiry set at CONNECT time is ignored
        fx.connect("e", true, 3600, new Will(body, 1, 30), 10).disconnect(true);
        long publishedAfter = System.currentTimeMillis();
        Delivery d = watcher.sink().next();
        assertThat(d.message().expiresAtMillis()).isGreaterThanOrEqualTo(publishedAfter + 30_000);
        assertThat(d.message().remainingExpirySeconds(System.currentTimeMillis())).isBetween(29L, 30L);
    }

    @Test
    void willGoesAtSessionEndWhenThatComesBeforeTheDelay() {
        Client watcher = fx.connect("watcher", true, 0);
        watcher.subscribe("wills/#", Qos.AT_LEAST_ONCE);
        fx.connect("a", true, 0, new Will(message("wills/a", "now", Qos.AT_LEAST_ONCE), 3600), 10).disconnect(true);
        assertThat(text(watcher.sink().next())).isEqualTo("now");
    }

    @Test
    void overflowDropOldestKeepsTheNewest() {
        fx.close();
        fx = new RouterFixture(new RouterSettings(3, 1 << 20, OverflowPolicy.DROP_OLDEST, false));
        Client sub = fx.connect("dev", true, 3600);
        sub.subscribe("t", Qos.AT_LEAST_ONCE);
        sub.disconnect(false);
        Client pub = fx.connect("pub", true, 0);
        for (int i = 0; i < 5; i++) {
            pub.publish(message("t", "m" + i, Qos.AT_LEAST_ONCE));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.router.stats().droppedQueueFull() == 2);
        Client back = fx.connect("dev", false, 3600);
        assertThat(back.sink().next(3)).extracting(SessionLifecycleTest::text).containsExactly("m2", "m3", "m4");
    }

    @Test
    void overflowDropNewKeepsTheOldest() {
        fx.close();
        fx = new RouterFixture(new RouterSettings(3, 1 << 20, OverflowPolicy.DROP_NEW, false));
        Client sub = fx.connect("dev", true, 3600);
        sub.subscribe("t", Qos.AT_LEAST_ONCE);
        sub.disconnect(false);
        Client pub = fx.connect("pub", true, 0);
        for (int i = 0; i < 5; i++) {
            pub.publish(message("t", "m" + i, Qos.AT_LEAST_ONCE));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.router.stats().droppedQueueFull() == 2);
        Client back = fx.connect("dev", false, 3600);
        assertThat(back.sink().next(3)).extracting(SessionLifecycleTest::text).containsExactly("m0", "m1", "m2");
    }

    @Test
    void overflowDisconnectClosesWithQuotaExceeded() {
        fx.close();
        fx = new RouterFixture(new RouterSettings(2, 1 << 20, OverflowPolicy.DISCONNECT, false));
        Client sub = fx.connect("dev", true, 3600, null, 1);
        sub.subscribe("t", Qos.AT_LEAST_ONCE);
        Client pub = fx.connect("pub", true, 0);
        for (int i = 0; i < 4; i++) { // 1 in flight, 2 queued, the 4th overflows
            pub.publish(message("t", "m" + i, Qos.AT_LEAST_ONCE));
        }
        assertThat(sub.sink().nextClose()).isEqualTo(DisconnectReason.QUOTA_EXCEEDED);
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.router.stats().droppedQueueFull() == 1);
    }

    @Test
    void byteLimitBoundsTheQueue() {
        fx.close();
        int size = message("t", "x".repeat(1000), Qos.AT_LEAST_ONCE).sizeEstimate();
        fx = new RouterFixture(new RouterSettings(1000, 3L * size, OverflowPolicy.DROP_NEW, false));
        Client sub = fx.connect("dev", true, 3600);
        sub.subscribe("t", Qos.AT_LEAST_ONCE);
        sub.disconnect(false);
        Client pub = fx.connect("pub", true, 0);
        for (int i = 0; i < 5; i++) {
            pub.publish(message("t", "x".repeat(1000), Qos.AT_LEAST_ONCE));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.router.stats().droppedQueueFull() == 2);
    }

    @Test
    void persistentSessionsAreRecoveredFromTheStore() throws InterruptedException {
        Client sub = fx.connect("dev", true, 3600);
        sub.subscribe("t/+", Qos.EXACTLY_ONCE);
        sub.disconnect(false);
        Client pub = fx.connect("pub", true, 0);
        pub.publish(message("t/1", "kept", Qos.AT_LEAST_ONCE));
        pub.publish(Message.builder("r", new byte[] {9}).retain(true).build());
        fx.router.shutdown();

        RouterFixture restarted = new RouterFixture(RouterSettings.DEFAULTS, fx.sessionStore, fx.retainedStore);
        try {
            restarted.router.recover(Duration.ofSeconds(5));
            Client back = restarted.connect("dev", false, 3600);
            assertThat(back.sessionPresent()).isTrue();
            assertThat(text(back.sink().next())).isEqualTo("kept");
            restarted.connect("pub", true, 0).publish(message("t/2", "new", Qos.AT_MOST_ONCE));
            assertThat(text(back.sink().next())).isEqualTo("new");
            assertThat(restarted.router.stats().retainedMessages()).isEqualTo(1);
        } finally {
            restarted.close();
        }
    }

    @Test
    void shutdownClosesConnectedSessionsWithServerShuttingDown() {
        Client c = fx.connect("c", true, 0);
        fx.router.shutdown();
        assertThat(c.sink().nextClose()).isEqualTo(DisconnectReason.SERVER_SHUTTING_DOWN);
    }
}
