package io.switchboard.bench.mqtt;

import io.netty.buffer.ByteBuf;
import io.switchboard.bench.DeliveryFeedback;
import io.switchboard.bench.DeliveryLog;
import io.switchboard.bench.LatencyRecorder;
import io.switchboard.bench.RunCounters;

/**
 * Subscribes to one filter and, for every PUBLISH, reads the send time, sequence and publisher id from the
 * payload header: records latency, delivery (for loss and duplicate accounting) and acknowledges as the
 * QoS requires, with acks coalesced per read batch.
 */
public final class SubscriberClient extends BenchClient {
    private final String filter;
    private final int qos;
    private final DeliveryLog log;
    private final LatencyRecorder latency;
    private final RunCounters counters;
    private final DeliveryFeedback feedback;

    public SubscriberClient(String clientId, int version, long sessionExpirySeconds, String filter, int qos,
            DeliveryLog log, LatencyRecorder latency, RunCounters counters, DeliveryFeedback feedback) {
        super(clientId, version, 60, sessionExpirySeconds);
        this.filter = filter;
        this.qos = qos;
        this.log = log;
        this.latency = latency;
        this.counters = counters;
        this.feedback = feedback;
    }

    @Override
    protected void onConnected(ByteBuf buf, int bodyStart, int bodyLength) {
        ByteBuf out = ctx.alloc().directBuffer(16 + filter.length() * 3);
        MqttPackets.subscribe(out, 1, filter, qos, version);
        ctx.writeAndFlush(out, ctx.voidPromise());
    }

    @Override
    protected void onSubAck(int lastReasonCode) {
        if (lastReasonCode >= 0x80) {
            fail("SUBACK refused " + filter + " with 0x" + Integer.toHexString(lastReasonCode));
        } else {
            markReady();
        }
    }

    @Override
    protected void onPublish(int flags, ByteBuf buf, int bodyStart, int bodyLength) {
        long now = System.nanoTime();
        int msgQos = (flags >>> 1) & 0x03;
        int pos = bodyStart + 2 + buf.getUnsignedShort(bodyStart);
        int packetId = 0;
        if (msgQos > 0) {
            packetId = buf.getUnsignedShort(pos);
            pos += 2;
        }
        if (version == 5) {
            int propsLength = 0;
            int shift = 0;
            int digit;
            do {
                digit = buf.getUnsignedByte(pos++);
                propsLength |= (digit & 0x7F) << shift;
                shift += 7;
            } while ((digit & 0x80) != 0);
            pos += propsLength;
        }
        if (bodyStart + bodyLength - pos >= PublishTemplate.HEADER_BYTES) {
            long sendNanos = buf.getLong(pos);
            long seq = buf.getLong(pos + 8);
            int publisher = buf.getInt(pos + 16);
            log.record(publisher, seq);
            feedback.delivered(publisher);
            latency.record(sendNanos, now);
        } else {
            counters.errors.increment();
        }
        counters.delivered.increment();
        if (msgQos == 1) {
            MqttPackets.ack(control(), MqttPackets.PUBACK, packetId);
        } else if (msgQos == 2) {
            MqttPackets.ack(control(), MqttPackets.PUBREC, packetId);
        }
    }

    @Override
    protected void onAck(int type, int packetId) {
        if (type == MqttPackets.PUBREL) {
            MqttPackets.ack(control(), MqttPackets.PUBCOMP, packetId);
        } else {
            super.onAck(type, packetId);
        }
    }
}
