package io.switchboard.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * Deliveries counted per publisher, so that a QoS 0 publisher can bound the messages it has in flight end to
 * end (QoS 0 has no acknowledgement): in flight = sent - delivered copies / copies expected per message.
 */
public final class DeliveryFeedback {
    private final LongAdder[] delivered;

    public DeliveryFeedback(int publishers) {
        delivered = new LongAdder[publishers];
        for (int i = 0; i < publishers; i++) {
            delivered[i] = new LongAdder();
        }
    }

    /** Called by subscribers for each delivery carrying this publisher id. */
    public void delivered(int publisherId) {
        if (publisherId >= 0 && publisherId < delivered.length) {
            delivered[publisherId].increment();
        }
    }

    public long deliveredCopies(int publisherId) {
        return delivered[publisherId].sum();
    }
}
