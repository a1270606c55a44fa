package io.switchboard.router;

import static io.switchboard.router.RouterFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.switchboard.router.RouterFixture.Client;
import io.switchboard.router.api.DisconnectReason;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.Will;
import io.switchboard.router.inspect.Page;
import io.switchboard.router.inspect.QueueDepth;
import io.switchboard.router.inspect.RetainedInfo;
import io.switchboard.router.inspect.SessionInfo;
import io.switchboard.router.inspect.SubscriptionInfo;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The router's read-only listings and administrative deletes, on a real router with real executors. */
@Timeout(30)
class RouterInspectionTest {
    private final RouterFixture fx = new RouterFixture(RouterSettings.DEFAULTS);

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void sessionsArePagedByClientIdAndClientsAreTheConnectedOnes() {
        for (String id : List.of("c", "a", "d", "b")) {
            fx.connect(id, true, 3600);
        }
        fx.connect("e", true, 3600).disconnect(false);

        Page<SessionInfo> first = fx.router.inspector().sessions(0, 2, false);
        Page<SessionInfo> second = fx.router.inspector().sessions(2, 2, false);
        Page<SessionInfo> last = fx.router.inspector().sessions(4, 2, false);
        Page<SessionInfo> clients = fx.router.inspector().sessions(0, 100, true);

        assertThat(first.items()).extracting(SessionInfo::clientId).containsExactly("a", "b");
        assertThat(first.total()).isEqualTo(5);
        assertThat(second.items()).extracting(SessionInfo::clientId).containsExactly("c", "d");
        assertThat(last.items()).extracting(SessionInfo::clientId).containsExactly("e");
        assertThat(last.items().get(0).connected()).isFalse();
        assertThat(last.items().get(0).disconnectedAtMillis()).isPositive();
        assertThat(clients.items()).extracting(SessionInfo::clientId).containsExactly("a", "b", "c", "d");
        assertThat(clients.total()).isEqualTo(4);
        assertThat(clients.items().get(0).protocol()).isEqualTo(Protocol.MQTT);
        assertThat(clients.items().get(0).connectedAtMillis()).isPositive();
    }

    @Test
    void sessionLookupShowsSubscriptionsQueueAndInflight() {
        Client sub = fx.connect("sub", true, 3600, null, 1);
        sub.subscribe("t/#", Qos.AT_LEAST_ONCE);
        sub.subscribe("x/+", Qos.AT_MOST_ONCE);
        Client pub = fx.connect("pub", true, 0);
        for (int i = 0; i < 3; i++) {
            pub.publish(message("t/1", "m" + i, Qos.AT_LEAST_ONCE));
        }
        sub.sink().next(); // receive maximum 1: one in flight, two queued

        SessionInfo info = fx.router.inspector().session("sub").orElseThrow();

        assertThat(info.subscriptions()).extracting(SubscriptionInfo::filter).containsExactly("t/#", "x/+");
        assertThat(info.subscriptions().get(0).options().maxQos()).isEqualTo(Qos.AT_LEAST_ONCE);
        assertThat(info.inflightMessages()).isEqualTo(1);
        assertThat(info.queuedMessages()).isEqualTo(2);
        assertThat(info.queuedBytes()).isPositive();
        assertThat(info.sessionExpirySeconds()).isEqualTo(3600);
        assertThat(fx.router.inspector().session("nobody")).isEmpty();
        assertThat(fx.router.inspector().deepestQueues(5)).extracting(QueueDepth::clientId, QueueDepth::queuedMessages)
                .containsExactly(tuple("sub", 2));
        assertThat(fx.router.inspector().totalQueuedMessages()).isEqualTo(2);
    }

    @Test
    void subscriptionsAndDeepestQueuesListEverySession() {
        Client a = fx.connect("a", true, 3600);
        a.subscribe("s/1", Qos.AT_LEAST_ONCE);
        a.subscribe("s/0", Qos.AT_LEAST_ONCE);
        fx.connect("b", true, 3600).subscribe("s/#", Qos.AT_LEAST_ONCE);
        a.disconnect(false);
        fx.router.kick("b");
        Client pub = fx.connect("pub", true, 0);
        pub.publish(message("s/1", "one", Qos.AT_LEAST_ONCE));
        pub.publish(message("s/2", "two", Qos.AT_LEAST_ONCE));

        Page<SubscriptionInfo> subs = fx.router.inspector().subscriptions(0, 10);
        Page<SubscriptionInfo> secondPage = fx.router.inspector().subscriptions(2, 10);

        assertThat(subs.items()).extracting(SubscriptionInfo::clientId, SubscriptionInfo::filter).containsExactly(
                tuple("a", "s/0"), tuple("a", "s/1"),
                tuple("b", "s/#"));
        assertThat(secondPage.items()).hasSize(1);
        assertThat(secondPage.total()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(fx.router.inspector().deepestQueues(1)).extracting(QueueDepth::clientId,
                        QueueDepth::queuedMessages).containsExactly(tuple("b", 2)));
        assertThat(fx.router.inspector().deepestQueues(1).get(0).oldestAgeMillis()).isNotNegative();
    }

    @Test
    void deleteSessionClosesTheClientWithoutItsWillAndRemovesItsState() {
        Client watcher = fx.connect("watcher", true, 0);
        watcher.subscribe("will/#", Qos.AT_LEAST_ONCE);
        Will will = new Will(message("will/victim", "gone", Qos.AT_LEAST_ONCE), 0, -1);
        Client victim = fx.connect("victim", true, 3600, will, 65_535);
        victim.subscribe("v/#", Qos.AT_LEAST_ONCE);

        assertThat(fx.router.deleteSession("victim")).isTrue();

        assertThat(victim.sink().nextClose()).isEqualTo(DisconnectReason.ADMINISTRATIVE_ACTION);
        await().atMost(Duration.ofSeconds(5)).until(() -> !fx.router.hasSession("victim"));
        assertThat(fx.router.stats().subscriptions()).isEqualTo(1);
        assertThat(fx.sessionStore.loadSessions()).isEmpty();
        assertThat(fx.router.deleteSession("victim")).isFalse();
        assertThat(watcher.sink().pendingDeliveries()).isZero();
    }

    @Test
    void onlyClientPublishesWithoutSubscribersCountAsNoMatch() {
        fx.router.publish(message("nobody/1", "x", Qos.AT_MOST_ONCE));
        fx.router.publish(message("$SYS/broker/uptime", "1", Qos.AT_MOST_ONCE).toBuilder()
                .origin(Protocol.INTERNAL).build());

        assertThat(fx.router.stats().noMatchingSubscribers()).isEqualTo(1);
    }

    @Test
    void retainedMessagesAreListedIncludingSysTopicsAndDeletedWithoutRouting() {
        Client watcher = fx.connect("watcher", true, 0);
        watcher.subscribe("r/#", Qos.AT_LEAST_ONCE);
        watcher.loop().call(() -> true); // the subscription's retained lookup ran: later retained are routed once
        for (String topic : List.of("r/b", "r/a", "$SYS/broker/version", "other")) {
            fx.router.publish(message(topic, "v-" + topic, Qos.AT_LEAST_ONCE).toBuilder().retain(true).build());
        }
        watcher.sink().next(2);

        Page<RetainedInfo> all = fx.router.retained(null, 0, 10);
        Page<RetainedInfo> filtered = fx.router.retained("r/+", 1, 10);

        assertThat(all.items()).extracting(RetainedInfo::topic).containsExactly("$SYS/broker/version", "other", "r/a",
                "r/b");
        assertThat(all.items().get(2).payloadBytes()).isEqualTo("v-r/a".length());
        assertThat(filtered.items()).extracting(RetainedInfo::topic).containsExactly("r/b");
        assertThat(filtered.total()).isEqualTo(2);

        assertThat(fx.router.deleteRetained("r/a")).isTrue();
        assertThat(fx.router.deleteRetained("r/a")).isFalse();
        assertThat(fx.router.retained(null, 0, 10).items()).extracting(RetainedInfo::topic)
                .doesNotContain("r/a");
        assertThat(fx.retainedStore.loadAll()).extracting(Message::topic).doesNotContain("r/a");
        assertThat(watcher.sink().pendingDeliveries()).isZero();
    }
}
