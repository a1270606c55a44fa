package io.switchboard.router;

import static io.switchboard.router.RouterFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.RouterFixture.Client;
import io.switchboard.router.api.Delivery;
import io.switchboard.router.api.Qos;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SharedSubscriptionTest {
    private final RouterFixture fx = new RouterFixture(RouterSettings.DEFAULTS);

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void groupMembersShareMessagesRoundRobinAndPlainSubscribersGetEverything() {
        Client a = fx.connect("a", true, 0);
        Client b = fx.connect("b", true, 0);
        Client plain = fx.connect("plain", true, 0);
        a.subscribe("$share/g/jobs/+", Qos.AT_LEAST_ONCE);
        b.subscribe("$share/g/jobs/+", Qos.AT_LEAST_ONCE);
        plain.subscribe("jobs/+", Qos.AT_LEAST_ONCE);
        Client pub = fx.connect("pub", true, 0);
        for (int i = 0; i < 10; i++) {
            pub.publish(message("jobs/x", "j" + i, Qos.AT_LEAST_ONCE));
        }
        assertThat(plain.sink().next(10)).hasSize(10);
        List<Delivery> fromA = a.sink().next(5);
        List<Delivery> fromB = b.sink().next(5);
        Set<String> all = new HashSet<>();
        fromA.forEach(d -> all.add(new String(d.message().payload(), StandardCharsets.UTF_8)));
        fromB.forEach(d -> all.add(new String(d.message().payload(), StandardCharsets.UTF_8)));
        assertThat(all).hasSize(10);
    }

    @Test
    void unacknowledgedMessagesOfALeavingMemberGoToAnother() {
        Client a = fx.connect("a", true, 0, null, 100);
        a.subscribe("$share/g/jobs", Qos.AT_LEAST_ONCE);
        Client pub = fx.connect("pub", true, 0);
        for (int i = 0; i < 4; i++) {
            pub.publish(message("jobs", "j" + i, Qos.AT_LEAST_ONCE));
        }
        List<Delivery> unacked = a.sink().next(4);
        a.ack(unacked.get(0).id());

        Client b = fx.connect("b", true, 0);
        b.subscribe("$share/g/jobs", Qos.AT_LEAST_ONCE);
        a.disconnect(false);
        List<String> redelivered = new ArrayList<>();
        b.sink().next(3).forEach(d -> redelivered.add(new String(d.message().payload(), StandardCharsets.UTF_8)));
        assertThat(redelivered).containsExactly("j1", "j2", "j3");
    }
}
