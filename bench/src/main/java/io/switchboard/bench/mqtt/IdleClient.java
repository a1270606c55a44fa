package io.switchboard.bench.mqtt;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.TimeUnit;

/** A connection that only keeps itself alive: PINGREQ every half keep-alive period. */
public final class IdleClient extends BenchClient {
    private final int keepAliveSeconds;

    public IdleClient(String clientId, int version, int keepAliveSeconds) {
        super(clientId, version, keepAliveSeconds);
        this.keepAliveSeconds = keepAliveSeconds;
    }

    @Override
    protected void onConnected(ByteBuf buf, int bodyStart, int bodyLength) {
        long period = Math.max(1, keepAliveSeconds * 1000L / 2);
        ctx.executor().scheduleAtFixedRate(this::ping, period, period, TimeUnit.MILLISECONDS);
        markReady();
    }

    private void ping() {
        if (ctx.channel().isActive()) {
            ByteBuf out = ctx.alloc().directBuffer(2);
            MqttPackets.pingReq(out);
            ctx.writeAndFlush(out, ctx.voidPromise());
        }
    }
}
