package io.switchboard.persistence;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.PayloadFormat;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.RetainHandling;
import io.switchboard.router.api.SubscriptionOptions;
import io.switchboard.router.api.UserProperty;
import io.switchboard.router.api.Will;
import io.switchboard.router.spi.SessionRecord;
import io.switchboard.router.spi.StoredDelivery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test data builders shared by the store tests. */
final class Fixtures {
    private Fixtures() {
    }

    static StoreSettings settings(Path dir) {
        return StoreSettings.defaults(dir).withBatch(256, Duration.ofMillis(1));
    }

    static Message message(String topic, String payload) {
        return Message.builder(topic, payload.getBytes(StandardCharsets.UTF_8)).qos(Qos.AT_LEAST_ONCE)
                .publisherId("pub").createdAtMillis(1_700_000_000_000L).build();
    }

    static Message fullMessage() {
        return Message.builder("a/b/ü", new byte[] {0, 1, 2, (byte) 0xFF})
                .qos(Qos.EXACTLY_ONCE)
                .retain(true)
                .expiresAtMillis(1_800_000_000_123L)
                .payloadFormat(PayloadFormat.UTF8)
                .contentType("text/plain")
                .responseTopic("reply/here")
                .correlationData(new byte[] {9, 8, 7})
                .userProperties(List.of(new UserProperty("k", "v1"), new UserProperty("k", "v2"),
                        new UserProperty("", "")))
                .origin(Protocol.AMQP)
                .publisherId("publisher-1")
                .createdAtMillis(1_700_000_000_456L)
                .build();
    }

    /** Message bodies in the store (its file and the overlay of what was written since the checkpoint). */
    static int bodies(MapDbStore store) {
        Integer count = store.read(s -> s.overlay.bodyCount());
        return count;
    }

    static StoredDelivery queued(long sequence, Message m) {
        return new StoredDelivery(sequence, m, m.qos(), false, new int[0], null, null, 0, false);
    }

    static SessionRecord session(String clientId) {
        Map<String, SubscriptionOptions> subs = new LinkedHashMap<>();
        subs.put("z/#", SubscriptionOptions.of(Qos.AT_LEAST_ONCE));
        subs.put("a/+", new SubscriptionOptions(Qos.EXACTLY_ONCE, true, true, RetainHandling.DO_NOT_SEND, 42));
        return new SessionRecord(clientId, 3600, 1_700_000_000_000L, subs,
                new Will(message("will/" + clientId, "gone"), 30));
    }
}
