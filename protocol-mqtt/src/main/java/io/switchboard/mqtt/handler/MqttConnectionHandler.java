package io.switchboard.mqtt.handler;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.router.api.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where decoded MQTT packets enter the broker: decode failures first, then one {@code switch} on the packet type
 * to the packet's handler. Every packet is released here, in {@link #process}, and nowhere else.
 */
public final class MqttConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnectionHandler.class);

    private final MqttHandlers handlers;
    private Connection connection;
    /** The opening was counted (once), so the close is counted too. */
    private boolean counted;

    public MqttConnectionHandler(MqttHandlers handlers) {
        this.handlers = handlers;
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        connection = new Connection(ctx, this::drainQueued, handlers.metrics);
        if (ctx.channel().isActive()) {
            countOpened(); // added to a channel that is already active: channelActive will not come
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        countOpened();
        ctx.fireChannelActive();
    }

    private void countOpened() {
        if (!counted) {
            counted = true;
            handlers.metrics.connectionOpened(Protocol.MQTT, connection.listener());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Connection c = connection;
        if (c.keepAlive != null) {
            c.keepAlive.touched(c.keepAliveSlot);
        }
        if (msg instanceof MqttMessage packet && (c.state == Connection.State.CONNECTING
                || (c.state == Connection.State.CONNECTED && (c.holdsInput() || c.hasQueued())))) {
            c.queue(packet);
            if (c.state == Connection.State.CONNECTED && !c.holdsInput()) {
                drainQueued();
            }
            return;
        }
        process(msg);
    }

    private void process(Object msg) {
        try {
            if (msg instanceof MqttMessage packet && connection.state != Connection.State.CLOSED) {
                dispatch(packet);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void dispatch(MqttMessage packet) {
        if (packet.decoderResult().isFailure()) {
            throw DecodeFailures.violation(connection, packet);
        }
        Connection c = connection;
        MqttMessageType type = packet.fixedHeader().messageType();
        if (c.state == Connection.State.AUTHENTICATING && type != MqttMessageType.AUTH) {
            if (type == MqttMessageType.DISCONNECT) {
                c.close(null, "client_disconnect_during_auth");
                return;
            }
            throw ProtocolViolation.refuseConnect(ProtocolViolation.CLOSE_ONLY, ProtocolViolation.PROTOCOL_ERROR,
                    type + " during enhanced authentication [MQTT-3.1.2-30]");
        }
        switch (type) {
            case CONNECT -> handlers.connect.handle(c, (MqttConnectMessage) packet);
            case PUBLISH -> {
                requireConnected(packet);
                handlers.publish.handle(c, (MqttPublishMessage) packet);
            }
            case PUBACK -> {
                requireConnected(packet);
                handlers.pubAck.handle(c, packet);
            }
            case PUBREC -> {
                requireConnected(packet);
                handlers.pubRec.handle(c, packet);
            }
            case PUBREL -> {
                requireConnected(packet);
                handlers.pubRel.handle(c, packet);
            }
            case PUBCOMP -> {
                requireConnected(packet);
                handlers.pubComp.handle(c, packet);
            }
            case SUBSCRIBE -> {
                requireConnected(packet);
                handlers.subscribe.handle(c, (MqttSubscribeMessage) packet);
            }
            case UNSUBSCRIBE -> {
                requireConnected(packet);
                handlers.unsubscribe.handle(c, (MqttUnsubscribeMessage) packet);
            }
            case PINGREQ -> {
                requireConnected(packet);
                handlers.pingReq.handle(c);
            }
            case DISCONNECT -> {
                requireConnected(packet);
                handlers.disconnect.handle(c, packet);
            }
            case AUTH -> {
                requireConnected(packet);
                handlers.auth.handle(c, packet);
            }
            case CONNACK, SUBACK, UNSUBACK, PINGRESP -> {
                requireConnected(packet);
                throw ProtocolViolation.disconnect(ProtocolViolation.PROTOCOL_ERROR,
                        packet.fixedHeader().messageType() + " sent by a client");
            }
        }
    }

    /** Before CONNECT only CONNECT is acceptable: anything else closes the connection, no CONNACK [MQTT-3.1.0-1]. */
    private void requireConnected(MqttMessage packet) {
        if (connection.state == Connection.State.AWAITING_CONNECT) {
            throw ProtocolViolation.closeOnly(packet.fixedHeader().messageType() + " before CONNECT [MQTT-3.1.0-1]");
        }
    }

    /**
     * Dispatches, in order, the packets that arrived while the router opened the session or while the client was
     * held (publish rate, memory budget); stops when a packet puts a hold on again. A closed connection only
     * releases them.
     */
    private void drainQueued() {
        MqttMessage packet;
        while ((connection.state == Connection.State.CLOSED || !connection.holdsInput())
                && (packet = connection.nextQueued()) != null) {
            try {
                process(packet);
            } catch (RuntimeException e) {
                connection.ctx.fireExceptionCaught(e);
            }
        }
    }

    /**
     * A client that does not read what the broker writes (its acknowledgements, its deliveries) is not read
     * either until its outbound buffer drains, so it cannot make the broker buffer without bound.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Connection c = connection;
        boolean writable = ctx.channel().isWritable();
        if (writable) {
            c.resumeReading(Connection.PAUSE_UNWRITABLE);
        } else {
            c.pauseReading(Connection.PAUSE_UNWRITABLE);
        }
        if (c.state == Connection.State.CONNECTED) {
            if (c.session != null && !c.sessionEnded) {
                c.session.writabilityChanged(writable);
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Connection c = connection;
        if (c.keepAlive != null) {
            c.keepAlive.remove(c);
        }
        if (counted) {
            counted = false;
            handlers.metrics.connectionClosed(Protocol.MQTT, c.listener());
        }
        boolean wasOpen = c.state != Connection.State.AWAITING_CONNECT;
        c.state = Connection.State.CLOSED;
        drainQueued();
        c.endSession(true);
        if (wasOpen && c.clientId != null) {
            LOG.info("client.disconnected id={} reason={} addr={}", c.clientId,
                    c.closeReason == null ? "connection_lost" : c.closeReason, c.remoteAddress());
        }
        ctx.fireChannelInactive();
    }
}
