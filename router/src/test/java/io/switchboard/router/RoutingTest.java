package io.switchboard.router;

import static io.switchboard.router.RouterFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.RouterFixture.Client;
import io.switchboard.router.api.Delivery;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.PublishOutcome;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.RetainHandling;
import io.switchboard.router.api.SubscribeOutcome;
import io.switchboard.router.api.SubscriptionOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RoutingTest {
    private final RouterFixture fx = new RouterFixture(RouterSettings.DEFAULTS);

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void deliversAtTheLowerOfPublishAndGrantedQos() {
        Client sub = fx.connect("sub", true, 0);
        Client pub = fx.connect("pub", true, 0);
        sub.subscribe("a/+", Qos.AT_LEAST_ONCE);

        assertThat(pub.publish(message("a/b", "x", Qos.EXACTLY_ONCE))).isEqualTo(PublishOutcome.ROUTED);
        Delivery d = sub.sink().next();
        assertThat(d.qos()).isEqualTo(Qos.AT_LEAST_ONCE);
        assertThat(d.id()).isPositive();
        assertThat(d.duplicate()).isFalse();
        assertThat(new String(d.message().payload(), StandardCharsets.UTF_8)).isEqualTo("x");

        pub.publish(message("a/b", "y", Qos.AT_MOST_ONCE));
        Delivery d0 = sub.sink().next();
        assertThat(d0.qos()).isEqualTo(Qos.AT_MOST_ONCE);
        assertThat(d0.id()).isZero();
    }

    @Test
    void reportsNoMatchingSubscribers() {
        Client pub = fx.connect("pub", true, 0);
        assertThat(pub.publish(message("nobody/here", "x", Qos.AT_LEAST_ONCE)))
                .isEqualTo(PublishOutcome.NO_MATCHING_SUBSCRIBERS);
        assertThat(fx.router.stats().noMatchingSubscribers()).isEqualTo(1);
    }

    @Test
    void overlappingSubscriptionsGiveOneDeliveryAtHighestQosWithEveryIdentifier() {
        Client sub = fx.connect("sub", true, 0);
        Client pub = fx.connect("pub", true, 0);
        sub.subscribe("a/#", new SubscriptionOptions(Qos.AT_MOST_ONCE, false, false, RetainHandling.SEND_ON_SUBSCRIBE, 7));
        sub.subscribe("a/+", new SubscriptionOptions(Qos.EXACTLY_ONCE, false, false, RetainHandling.SEND_ON_SUBSCRIBE, 3));
        sub.subscribe("a/b", SubscriptionOptions.of(Qos.AT_LEAST_ONCE));

        pub.publish(message("a/b", "x", Qos.EXACTLY_ONCE));
        Delivery d = sub.sink().next();
        assertThat(d.qos()).isEqualTo(Qos.EXACTLY_ONCE);
        assertThat(d.subscriptionIds()).containsExactly(3, 7);
        assertThat(sub.sink().pendingDeliveries()).isZero();
    }

    @Test
    void noLocalSkipsTheSessionsOwnPublishes() throws InterruptedException {
        Client c = fx.connect("c", true, 0);
        c.subscribe("t", new SubscriptionOptions(Qos.AT_MOST_ONCE, true, false, RetainHandling.SEND_ON_SUBSCRIBE, 0));
        Client other = fx.connect("other", true, 0);
        c.publish(message("t", "mine", Qos.AT_MOST_ONCE));
        other.publish(message("t", "theirs", Qos.AT_MOST_ONCE));
        assertThat(new String(c.sink().next().message().payload(), StandardCharsets.UTF_8)).isEqualTo("theirs");
        assertThat(c.sink().quietFor(Duration.ofMillis(100))).isTrue();
    }

    @Test
    void retainFlagIsClearedUnlessRetainAsPublished() {
        Client plain = fx.connect("plain", true, 0);
        Client rap = fx.connect("rap", true, 0);
        plain.subscribe("r", Qos.AT_MOST_ONCE);
        rap.subscribe("r", new SubscriptionOptions(Qos.AT_MOST_ONCE, false, true, RetainHandling.SEND_ON_SUBSCRIBE, 0));
        Client pub = fx.connect("pub", true, 0);
        pub.publish(Message.builder("r", new byte[] {1}).retain(true).build());
        assertThat(plain.sink().next().retain()).isFalse();
        assertThat(rap.sink().next().retain()).isTrue();
    }

    @Test
    void retainedMessagesFollowRetainHandling() throws InterruptedException {
        Client pub = fx.connect("pub", true, 0);
        pub.publish(Message.builder("s/1", "one".getBytes(StandardCharsets.UTF_8)).qos(Qos.AT_LEAST_ONCE).retain(true).build());
        pub.publish(Message.builder("s/2", "two".getBytes(StandardCharsets.UTF_8)).retain(true).build());

        Client sub = fx.connect("sub", true, 0);
        sub.subscribe("s/+", Qos.EXACTLY_ONCE);
        var got = sub.sink().next(2);
        assertThat(got).allMatch(Delivery::retain);
        assertThat(got).extracting(d -> d.message().topic()).containsExactlyInAnyOrder("s/1", "s/2");
        assertThat(got).filteredOn(d -> d.message().topic().equals("s/1")).first()
                .extracting(Delivery::qos).isEqualTo(Qos.AT_LEAST_ONCE);

        // 1 = only when the subscription is new
        SubscriptionOptions ifNew = new SubscriptionOptions(Qos.AT_MOST_ONCE, false, false,
                RetainHandling.SEND_IF_NEW_SUBSCRIPTION, 0);
        Client sub2 = fx.connect("sub2", true, 0);
        sub2.subscribe("s/1", ifNew);
        assertThat(sub2.sink().next().message().topic()).isEqualTo("s/1");
        sub2.subscribe("s/1", ifNew);
        assertThat(sub2.sink().quietFor(Duration.ofMillis(100))).isTrue();

        // 2 = never
        Client sub3 = fx.connect("sub3", true, 0);
        sub3.subscribe("s/#", new SubscriptionOptions(Qos.AT_MOST_ONCE, false, false, RetainHandling.DO_NOT_SEND, 0));
        assertThat(sub3.sink().quietFor(Duration.ofMillis(100))).isTrue();

        // empty payload deletes
        pub.publish(Message.builder("s/1", new byte[0]).retain(true).build());
        assertThat(fx.router.stats().retainedMessages()).isEqualTo(1);
    }

    @Test
    void invalidFilterIsRefused() {
        Client c = fx.connect("c", true, 0);
        SubscribeOutcome outcome = c.subscribe("a/#/b", Qos.AT_MOST_ONCE);
        assertThat(outcome.isGranted()).isFalse();
        assertThat(outcome.failure()).isEqualTo(SubscribeOutcome.Failure.TOPIC_FILTER_INVALID);
    }

    @Test
    void receiveMaximumLimitsInflightAndAcksReleaseTheQueue() {
        Client sub = fx.connect("sub", true, 0, null, 2);
        sub.subscribe("q", Qos.AT_LEAST_ONCE);
        Client pub = fx.connect("pub", true, 0);
        for (int i = 0; i < 5; i++) {
            pub.publish(message("q", "m" + i, Qos.AT_LEAST_ONCE));
        }
        var first = sub.sink().next(2);
        assertThat(sub.sink().pendingDeliveries()).isZero();
        sub.ack(first.get(0).id());
        Delivery third = sub.sink().next();
        assertThat(new String(third.message().payload(), StandardCharsets.UTF_8)).isEqualTo("m2");
        assertThat(sub.ack(9999)).isFalse();
    }

    @Test
    void outboundQos2CompletesOnlyAfterRecAndComp() {
        Client sub = fx.connect("sub", true, 0, null, 1);
        sub.subscribe("q", Qos.EXACTLY_ONCE);
        Client pub = fx.connect("pub", true, 0);
        pub.publish(message("q", "a", Qos.EXACTLY_ONCE));
        pub.publish(message("q", "b", Qos.EXACTLY_ONCE));
        Delivery a = sub.sink().next();
        assertThat(sub.rec(a.id())).isTrue();
        assertThat(sub.sink().pendingDeliveries()).isZero(); // still in flight until PUBCOMP
        assertThat(sub.ack(a.id())).isTrue();
        assertThat(new String(sub.sink().next().message().payload(), StandardCharsets.UTF_8)).isEqualTo("b");
    }

    @Test
    void inboundQos2DuplicatesAreDetectedUntilReleased() {
        Client c = fx.connect("c", true, 0);
        assertThat(c.loop().call(() -> c.session().beginInboundQos2(10))).isTrue();
        assertThat(c.loop().call(() -> c.session().beginInboundQos2(10))).isFalse();
        assertThat(c.loop().call(() -> c.session().releaseInboundQos2(10))).isTrue();
        assertThat(c.loop().call(() -> c.session().releaseInboundQos2(10))).isFalse();
        assertThat(c.loop().call(() -> c.session().beginInboundQos2(10))).isTrue();
    }

    @Test
    void expiredMessagesAreNotDelivered() {
        Client sub = fx.connect("sub", false, 60);
        sub.subscribe("e", Qos.AT_LEAST_ONCE);
        sub.disconnect(false);
        Client pub = fx.connect("pub", true, 0);
        pub.publish(Message.builder("e", new byte[] {1}).qos(Qos.AT_LEAST_ONCE)
                .expiresAtMillis(System.currentTimeMillis() - 1).build());
        pub.publish(Message.builder("e", new byte[] {2}).qos(Qos.AT_LEAST_ONCE)
                .expiresAtMillis(System.currentTimeMillis() + 60_000).build());
        Client back = fx.connect("sub", false, 60);
        Delivery d = back.sink().next();
        assertThat(d.message().payload()).containsExactly(2);
        assertThat(d.message().remainingExpirySeconds(System.currentTimeMillis())).isBetween(1L, 60L);
        assertThat(fx.router.stats().droppedExpired()).isEqualTo(1); // counted before the queue was drained
    }
}
