package io.switchboard.bench.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.switchboard.bench.DeliveryFeedback;
import io.switchboard.bench.RunCounters;
import io.switchboard.bench.SeqSet;
import java.util.Arrays;

/**
 * Publishes numbered messages from a {@link PublishTemplate}, either as fast as the window and the socket
 * allow (open loop) or at a fixed rate, in batches: one pooled buffer and one flush per batch. For QoS 1/2 at
 * most {@code window} messages are unacknowledged; acknowledged sequences are remembered for loss accounting.
 * All methods run on the channel's event loop.
 */
public final class PublisherClient extends BenchClient {
    private static final int MAX_BATCH_BYTES = 64 * 1024;
    private static final int FREE = -1;
    private static final long STALL_NANOS = 1_000_000_000L;

    private final PublishTemplate template;
    private final int qos;
    private final double ratePerSecond;
    private final int batchMax;
    private final RunCounters counters;
    private final Qos0Window qos0Window;
    private final SeqSet acked = new SeqSet();
    private final long[] seqByPacketId = new long[65536];
    private final Runnable pumpTask = this::pumpNow;
    private int window;
    private long sent;
    private int inflight;
    private int nextPacketId = 1;
    private boolean running;
    private boolean pumpScheduled;
    private long startNanos;
    private long writtenOff;
    private long lastDelivered = -1;
    private long lastProgressNanos;

    /**
     * End-to-end flow control for QoS 0, which has no acknowledgement: the publisher's messages not yet seen by
     * the subscribers. A message a broker drops would hold a slot forever, so when deliveries stall for a second
     * with the window full, the outstanding messages are written off (they show as undelivered in the result).
     *
     * @param id     the publisher id written into the payload
     * @param copies deliveries expected per message (subscribers, or 1 for a share group or a pair)
     */
    public record Qos0Window(DeliveryFeedback feedback, int id, int copies) {
    }

    /**
     * @param ratePerSecond this publisher's share of the target rate, 0 for open loop
     * @param window        maximum messages in flight: unacknowledged for QoS 1/2, undelivered for QoS 0;
     *                      0 with QoS 0 means no bound at all
     * @param qos0Window    where QoS 0 deliveries are counted back, or null for an unbounded QoS 0 open loop
     */
    public PublisherClient(String clientId, int version, PublishTemplate template, int qos, double ratePerSecond,
            int window, RunCounters counters, Qos0Window qos0Window) {
        super(clientId, version, 60);
        this.template = template;
        this.qos = qos;
        this.ratePerSecond = ratePerSecond;
        this.window = Math.min(Math.max(1, window), 65535);
        this.batchMax = Math.max(1, MAX_BATCH_BYTES / template.length());
        this.counters = counters;
        this.qos0Window = qos == 0 && window > 0 ? qos0Window : null;
        Arrays.fill(seqByPacketId, FREE);
    }

    @Override
    protected void onConnected(ByteBuf buf, int bodyStart, int bodyLength) {
        if (version == 5 && bodyLength > 2) {
            int serverReceiveMaximum = ConnackProperties.receiveMaximum(buf, bodyStart + 2, bodyStart + bodyLength);
            window = Math.min(window, serverReceiveMaximum);
        }
        markReady();
    }

    /** Starts publishing; the rate clock starts at {@code nanos}. */
    public void start(long nanos) {
        startNanos = nanos;
        running = true;
        pumpNow();
    }

    public void stop() {
        running = false;
    }

    /** Sends what the rate, window and socket allow now; called by the run's ticker and after each read. */
    public void pump() {
        if (running && !pumpScheduled) {
            pumpNow();
        }
    }

    public long sent() {
        return sent;
    }

    public int inflight() {
        return inflight;
    }

    /** Sequences the broker acknowledged (PUBACK for QoS 1, PUBCOMP for QoS 2). */
    public SeqSet acked() {
        return acked;
    }

    private void pumpNow() {
        pumpScheduled = false;
        if (!running || !ctx.channel().isWritable()) {
            return;
        }
        long allowed = batchMax;
        if (ratePerSecond > 0) {
            long due = (long) ((System.nanoTime() - startNanos) * ratePerSecond / 1e9);
            allowed = Math.min(allowed, due - sent);
        }
        if (qos > 0) {
            allowed = Math.min(allowed, window - inflight);
        } else if (qos0Window != null) {
            allowed = Math.min(allowed, window - qos0InFlight());
        }
        if (allowed <= 0) {
            return;
        }
        int n = (int) allowed;
        ByteBuf batch = ctx.alloc().directBuffer(n * template.length());
        int written = 0;
        for (; written < n; written++) {
            int packetId = 0;
            if (qos > 0) {
                packetId = nextPacketId;
                if (seqByPacketId[packetId] != FREE) {
                    break;
                }
                seqByPacketId[packetId] = sent;
                nextPacketId = packetId == 65535 ? 1 : packetId + 1;
                inflight++;
            }
            template.writeTo(batch, sent, packetId, System.nanoTime());
            sent++;
        }
        if (written == 0) {
            batch.release();
            return;
        }
        ctx.writeAndFlush(batch, ctx.voidPromise());
        counters.sent.add(written);
        if (written == batchMax && ctx.channel().isWritable()) {
            pumpScheduled = true;
            ctx.executor().execute(pumpTask);
        }
    }

    /** QoS 0 messages sent but not yet delivered to every expected subscriber (minus those written off). */
    private long qos0InFlight() {
        long delivered = qos0Window.feedback().deliveredCopies(qos0Window.id());
        long now = System.nanoTime();
        long inFlight = sent - delivered / qos0Window.copies() - writtenOff;
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
    protected void onAck(int type, int packetId) {
        switch (type) {
            case MqttPackets.PUBACK, MqttPackets.PUBCOMP -> complete(packetId);
            case MqttPackets.PUBREC -> MqttPackets.ack(control(), MqttPackets.PUBREL, packetId);
            default -> super.onAck(type, packetId);
        }
    }

    private void complete(int packetId) {
        long seq = seqByPacketId[packetId];
        if (seq == FREE) {
            counters.errors.increment();
            return;
        }
        seqByPacketId[packetId] = FREE;
        acked.add(seq);
        inflight--;
        counters.acked.increment();
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
