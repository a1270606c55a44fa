package io.switchboard.bench.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Common part of every load-generator connection: CONNECT on activation, CONNACK check, dispatch by packet
 * type, and control packets (acks) coalesced into one buffer flushed once per read batch.
 */
public abstract class BenchClient extends MqttFrameDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(BenchClient.class);

    protected final String clientId;
    protected final int version;
    private final int keepAliveSeconds;
    private final long sessionExpirySeconds;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    protected ChannelHandlerContext ctx;
    private ByteBuf control;

    /** @param version MQTT protocol level: 4 (3.1.1) or 5 */
    protected BenchClient(String clientId, int version, int keepAliveSeconds) {
        this(clientId, version, keepAliveSeconds, 0);
    }

    /** {@code sessionExpirySeconds} above 0 makes the session persistent (see {@link MqttPackets#connect}). */
    protected BenchClient(String clientId, int version, int keepAliveSeconds, long sessionExpirySeconds) {
        this.sessionExpirySeconds = sessionExpirySeconds;
        this.clientId = clientId;
        this.version = version;
        this.keepAliveSeconds = keepAliveSeconds;
    }

    /** Completes when the connection is usable (connected, and subscribed for subscribers). */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        ByteBuf buf = context.alloc().directBuffer(64 + clientId.length());
        MqttPackets.connect(buf, clientId, version, keepAliveSeconds, sessionExpirySeconds);
        context.writeAndFlush(buf, context.voidPromise());
        super.channelActive(context);
    }

    @Override
    protected final void onPacket(ChannelHandlerContext context, int type, int flags, ByteBuf buf, int bodyStart,
            int bodyLength) {
        switch (type) {
            case MqttPackets.CONNACK -> {
                int code = buf.getUnsignedByte(bodyStart + 1);
                if (code != 0) {
                    fail("CONNACK refused with code 0x" + Integer.toHexString(code));
                } else {
                    onConnected(buf, bodyStart, bodyLength);
                }
            }
            case MqttPackets.PUBLISH -> onPublish(flags, buf, bodyStart, bodyLength);
            case MqttPackets.PUBACK, MqttPackets.PUBREC, MqttPackets.PUBREL, MqttPackets.PUBCOMP ->
                    onAck(type, buf.getUnsignedShort(bodyStart));
            case MqttPackets.SUBACK -> onSubAck(buf.getUnsignedByte(bodyStart + bodyLength - 1));
            case MqttPackets.PINGRESP, MqttPackets.UNSUBACK -> {
            }
            case MqttPackets.DISCONNECT -> LOG.warn("event=bench.server_disconnect client={} reason=0x{}", clientId,
                    bodyLength > 0 ? Integer.toHexString(buf.getUnsignedByte(bodyStart)) : "0");
            default -> fail("unexpected packet type " + type);
        }
    }

    protected abstract void onConnected(ByteBuf buf, int bodyStart, int bodyLength);

    protected void onPublish(int flags, ByteBuf buf, int bodyStart, int bodyLength) {
        fail("unexpected PUBLISH");
    }

    protected void onAck(int type, int packetId) {
        fail("unexpected ack type " + type);
    }

    protected void onSubAck(int lastReasonCode) {
        fail("unexpected SUBACK");
    }

    /** Called after each read batch, once the coalesced control packets are written. */
    protected void afterRead() {
    }

    protected final void markReady() {
        ready.complete(null);
    }

    protected final void fail(String why) {
        if (ready.completeExceptionally(new IllegalStateException(clientId + ": " + why))) {
            LOG.warn("event=bench.client_failed client={} reason={}", clientId, why);
        } else {
            LOG.warn("event=bench.protocol_error client={} reason={}", clientId, why);
        }
        ctx.close();
    }

    /** The buffer where acks are appended; written and flushed at the end of the read batch. */
    protected final ByteBuf control() {
        if (control == null) {
            control = ctx.alloc().directBuffer(512);
        }
        return control;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) throws Exception {
        if (control != null) {
            ByteBuf out = control;
            control = null;
            context.writeAndFlush(out, context.voidPromise());
        }
        afterRead();
        super.channelReadComplete(context);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        if (control != null) {
            control.release();
            control = null;
        }
        if (ready.completeExceptionally(new IllegalStateException(clientId + ": connection closed"))) {
            LOG.warn("event=bench.closed_before_ready client={}", clientId);
        }
        super.channelInactive(context);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.warn("event=bench.connection_error client={} error={}", clientId, cause.toString());
        ready.completeExceptionally(cause);
        context.close();
    }

    /** The event loop this connection runs on. */
    public io.netty.util.concurrent.EventExecutor executor() {
        return ctx.executor();
    }

    /** Sends DISCONNECT and closes; call on the channel's event loop or from anywhere (Netty hands it over). */
    public void disconnect() {
        if (ctx.channel().isActive()) {
            ByteBuf buf = ctx.alloc().directBuffer(2);
            MqttPackets.disconnect(buf);
            ctx.writeAndFlush(buf).addListener(f -> ctx.close());
        }
    }
}
