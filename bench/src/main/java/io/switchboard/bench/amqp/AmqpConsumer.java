package io.switchboard.bench.amqp;

import io.switchboard.bench.DeliveryFeedback;
import io.switchboard.bench.DeliveryLog;
import io.switchboard.bench.LatencyRecorder;
import io.switchboard.bench.RunCounters;
import io.switchboard.bench.mqtt.PublishTemplate;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Session;

/**
 * Consumes from a queue with a fixed link credit, topped up when half of it is used. For every complete
 * delivery: reads the message into one reused array, finds the body without decoding it, records latency and
 * the (producer, sequence) pair, and accepts it (at-least-once) or just settles it locally (pre-settled).
 * Runs on the channel's event loop; dispositions and flows go out once per read batch.
 */
public final class AmqpConsumer extends AmqpBenchClient {
    private final String address;
    private final boolean presettled;
    private final int credit;
    private final DeliveryLog log;
    private final LatencyRecorder latency;
    private final RunCounters counters;
    private final DeliveryFeedback feedback;
    private Receiver receiver;
    private byte[] buffer = new byte[64 * 1024];

    public AmqpConsumer(String name, String address, boolean presettled, int credit, DeliveryLog log,
            LatencyRecorder latency, RunCounters counters, DeliveryFeedback feedback) {
        super(name);
        this.address = address;
        this.presettled = presettled;
        this.credit = Math.max(1, credit);
        this.log = log;
        this.latency = latency;
        this.counters = counters;
        this.feedback = feedback;
    }

    @Override
    protected void openLink(Session session) {
        receiver = session.receiver(name);
        Source source = new Source();
        source.setAddress(address);
        source.setCapabilities(QUEUE_CAPABILITY);
        receiver.setSource(source);
        Target target = new Target();
        target.setAddress(name);
        receiver.setTarget(target);
        receiver.setSenderSettleMode(presettled ? SenderSettleMode.SETTLED : SenderSettleMode.UNSETTLED);
        receiver.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        receiver.open();
        receiver.flow(credit);
    }

    @Override
    protected void onLinkOpened(Link link) {
        markReady();
    }

    @Override
    protected void onDelivery(Delivery delivery) {
        if (!delivery.isReadable() || delivery.isPartial() || delivery != receiver.current()) {
            return;
        }
        long now = System.nanoTime();
        int size = delivery.pending();
        if (size > buffer.length) {
            buffer = new byte[Math.max(size, buffer.length * 2)];
        }
        int read = receiver.recv(buffer, 0, size);
        receiver.advance();
        long body = AmqpSections.body(buffer, Math.max(read, 0));
        if (body >= 0 && (int) body >= PublishTemplate.HEADER_BYTES) {
            int offset = (int) (body >>> 32);
            long sendNanos = AmqpSections.readLong(buffer, offset);
            long seq = AmqpSections.readLong(buffer, offset + 8);
            int producer = AmqpSections.readInt(buffer, offset + 16);
            log.record(producer, seq);
            feedback.delivered(producer);
            latency.record(sendNanos, now);
        } else {
            counters.errors.increment();
        }
        counters.delivered.increment();
        if (!delivery.remotelySettled()) {
            delivery.disposition(Accepted.getInstance());
        }
        delivery.settle();
        if (receiver.getCredit() <= credit / 2) {
            receiver.flow(credit - receiver.getCredit());
        }
    }
}
