package io.switchboard.bench.amqp;

import io.netty.channel.ChannelHandlerContext;
import io.switchboard.bench.DeliveryFeedback;
import io.switchboard.bench.RunCounters;
import io.switchboard.bench.SeqSet;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;

/**
 * Sends numbered messages to a queue from a {@link MessageTemplate}, open loop or at a fixed rate, never beyond
 * the link credit the broker grants. At-least-once (unsettled): at most {@code window} deliveries await their
 * outcome; {@code accepted} ones are remembered for loss accounting. Pre-settled: at most {@code window}
 * messages sent but not yet seen by the consumers (as the MQTT QoS 0 publisher bounds itself). Delivery tags are
 * one small array per window slot, reused once the slot's delivery is settled. Runs on the channel's event loop.
 */
public final class AmqpProducer extends AmqpBenchClient {
    private static final int MAX_BATCH_BYTES = 64 * 1024;
    private static final long STALL_NANOS = 1_000_000_000L;

    private final String address;
    private final MessageTemplate template;
    private final boolean presettled;
    private final double ratePerSecond;
    private final int window;
    private final int batchMax;
    private final RunCounters counters;
    private final DeliveryFeedback feedback;
    private final int id;
    private final SeqSet accepted = new SeqSet();
    private final byte[][] tags;
    private final Integer[] slotOf;
    private final long[] seqBySlot;
    private final int[] freeSlots;
    private final Runnable pumpTask = this::pumpNow;
    private int freeCount;
    private Sender sender;
    private long sent;
    private int inflight;
    private boolean running;
    private boolean pumpScheduled;
    private long startNanos;
    private long writtenOff;
    private long lastDelivered = -1;
    private long lastProgressNanos;

    /**
     * @param ratePerSecond this producer's share of the target rate, 0 for open loop
     * @param window        unsettled deliveries at most (at-least-once), or undelivered messages (pre-settled)
     * @param feedback      deliveries counted back by the consumers, by producer id (bounds pre-settled sends)
     */
    public AmqpProducer(String name, String address, MessageTemplate template, boolean presettled,
            double ratePerSecond, int window, RunCounters counters, DeliveryFeedback feedback, int id) {
        super(name);
        this.address = address;
        this.template = template;
        this.presettled = presettled;
        this.ratePerSecond = ratePerSecond;
        this.window = Math.max(1, window);
        this.batchMax = Math.max(1, MAX_BATCH_BYTES / template.length());
        this.counters = counters;
        this.feedback = feedback;
        this.id = id;
        int slots = presettled ? 1 : this.window;
        tags = new byte[slots][];
        slotOf = new Integer[slots];
        seqBySlot = new long[slots];
        freeSlots = new int[slots];
        for (int i = 0; i < slots; i++) {
            tags[i] = new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
            slotOf[i] = i;
            freeSlots[i] = slots - 1 - i;
        }
        freeCount = slots;
    }

    @Override
    protected void openLink(Session session) {
        sender = session.sender(name);
        Target target = new Target();
        target.setAddress(address);
        target.setCapabilities(QUEUE_CAPABILITY);
        sender.setTarget(target);
        Source source = new Source();
        source.setAddress(name);
        sender.setSource(source);
        sender.setSenderSettleMode(presettled ? SenderSettleMode.SETTLED : SenderSettleMode.UNSETTLED);
        sender.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        sender.open();
    }

    @Override
    protected void onLinkOpened(Link link) {
        markReady();
    }

    @Override
    protected void onFlow(Link link) {
        pump();
    }

    /** Starts sending; the rate clock starts at {@code nanos}. */
    public void start(long nanos) {
        startNanos = nanos;
        running = true;
        pumpNow();
    }

    public void stop() {
        running = false;
    }

    public long sent() {
        return sent;
    }

    /** Deliveries awaiting their outcome (0 when pre-settled). */
    public int inflight() {
        return inflight;
    }

    /** Sequences the broker settled with {@code accepted}. */
    public SeqSet accepted() {
        return accepted;
    }

    /** Sends what credit, window, rate and socket allow now; called by the run's ticker and on flow. */
    public void pump() {
        if (running && !pumpScheduled) {
            pumpNow();
        }
    }

    private void pumpNow() {
        pumpScheduled = false;
        if (!running || !ctx.channel().isWritable()) {
            return;
        }
        long allowed = Math.min(batchMax, sender.getCredit());
        if (ratePerSecond > 0) {
            allowed = Math.min(allowed, (long) ((System.nanoTime() - startNanos) * ratePerSecond / 1e9) - sent);
        }
        allowed = Math.min(allowed, presettled ? window - undelivered() : freeCount);
        int written = 0;
        for (; written < allowed; written++) {
            int slot = presettled ? 0 : freeSlots[--freeCount];
            seqBySlot[slot] = sent;
            Delivery delivery = sender.delivery(tags[slot]);
            byte[] bytes = template.stamp(System.nanoTime(), sent);
            sender.send(bytes, 0, template.length());
            sender.advance();
            if (presettled) {
                delivery.settle();
            } else {
                delivery.setContext(slotOf[slot]);
                inflight++;
            }
            sent++;
        }
        if (written == 0) {
            return;
        }
        counters.sent.add(written);
        flush();
        if (written == batchMax && ctx.channel().isWritable()) {
            pumpScheduled = true;
            ctx.executor().execute(pumpTask);
        }
    }

    /** Pre-settled messages sent but not yet delivered (minus those written off after a stall). */
    private long undelivered() {
        long delivered = feedback.deliveredCopies(id);
        long now = System.nanoTime();
        long inFlight = sent - delivered - writtenOff;
        if (delivered != lastDelivered) {
            lastDelivered = delivered;
            lastProgressNanos = now;
        } else if (inFlight >= window && now - lastProgressNanos > STALL_NANOS) {
            writtenOff += inFlight;
            lastProgressNanos = now;
            inFlight = 0;
        }
        return inFlight;
    }

    @Override
    protected void onDelivery(Delivery delivery) {
        if (presettled || delivery.getRemoteState() == null && !delivery.remotelySettled()) {
            return;
        }
        Object context = delivery.getContext();
        if (!(context instanceof Integer slot)) {
            return; // already settled here
        }
        if (delivery.getRemoteState() instanceof Accepted) {
            accepted.add(seqBySlot[slot]);
            counters.acked.increment();
        } else {
            counters.errors.increment(); // rejected, released or modified: not acknowledged
        }
        delivery.setContext(null);
        delivery.settle();
        freeSlots[freeCount++] = slot;
        inflight--;
    }

    @Override
    protected void afterRead() {
        pump();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
        pump();
        super.channelWritabilityChanged(context);
    }
}
