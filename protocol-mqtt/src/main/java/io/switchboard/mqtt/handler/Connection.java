package io.switchboard.mqtt.handler;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.switchboard.mqtt.MqttLimits;
import io.switchboard.router.api.BrokerSession;
import io.switchboard.router.api.TrafficMetrics;
import io.switchboard.router.limit.TokenBucket;
import io.switchboard.router.security.Principal;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one MQTT connection. Touched only on the channel's event loop, so it needs no locks. The
 * packet handlers are stateless and keep everything here.
 */
final class Connection {
    /** The attribute netty-codec-mqtt keeps the negotiated version in; its encoder reads it for every packet. */
    static final AttributeKey<MqttVersion> CODEC_VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    enum State {
        /** Nothing but CONNECT is acceptable [MQTT-3.1.0-1]. */
        AWAITING_CONNECT,
        /**
         * MQTT 5 enhanced authentication in progress: the socket is read, and only AUTH (or DISCONNECT) may come
         * [MQTT-3.1.2-30].
         */
        AUTHENTICATING,
        /** CONNECT accepted, waiting for the router's session: reading is paused, decoded packets are queued. */
        CONNECTING,
        CONNECTED,
        /** Closing or closed: packets are dropped. */
        CLOSED
    }

    final ChannelHandlerContext ctx;
    final MqttDeliverySink sink;
    final TrafficMetrics metrics;
    private final Runnable drain;
    private final Runnable flushTask = this::flush;

    State state = State.AWAITING_CONNECT;
    MqttVersion version = MqttVersion.MQTT_3_1_1;
    String clientId;
    /** Who the client is, once authenticated. */
    Principal principal = Principal.ANONYMOUS;
    BrokerSession session;
    /** The MQTT 5 Authentication Method negotiated at CONNECT, or null. */
    String authMethod;
    /** The enhanced authentication exchange in progress (at CONNECT or a re-authentication), or null. */
    EnhancedAuthentication.Exchange auth;
    /** The Authentication Data the CONNACK carries (the method's last server message), or null. */
    byte[] authResponse;
    /** The session expiry granted at CONNECT (a DISCONNECT may not raise it from 0 [MQTT-3.14.2-2]). */
    long sessionExpirySeconds;
    /** Largest packet the client accepts (MQTT 5 Maximum Packet Size), 0 when it set no limit. */
    int clientMaximumPacketSize;
    InboundTopicAliases inboundAliases;
    /** Null unless the client announced a Topic Alias Maximum. */
    OutboundTopicAliases outboundAliases;
    /**
     * Inbound QoS 1 publishes not yet acknowledged (a durable one waits for its store commit) plus QoS 2 publishes
     * not yet completed: what the broker's Receive Maximum limits.
     */
    int inboundUnacknowledged;
    /** PUBACK / PUBREC of inbound publishes, kept in arrival order. */
    final OrderedAcks acks = new OrderedAcks();
    /** Publishes the ACL refused on this connection (the first is logged). */
    long deniedPublishes;
    /** Why reading is paused (bits of PAUSE_*); the socket is read only when none is set. */
    private int readPauses;
    static final int PAUSE_UNWRITABLE = 1;
    static final int PAUSE_PUBLISH_RATE = 2;
    static final int PAUSE_MEMORY = 4;
    /**
     * Publish rate buckets, created on the first publish when a rate limit is configured, and again when the
     * rate they were made for changes (a reload).
     */
    TokenBucket publishMessages;
    TokenBucket publishBytes;
    long publishMessagesRate;
    long publishBytesRate;
    /** The limits of this client's user, derived from {@link #limitsSource} (the broker's limits in force). */
    private MqttLimits limits;
    private MqttLimits limitsSource;
    /** Times this connection was paused for its publish rate (the first is logged). */
    long throttles;
    /** Why the connection ended, for the one disconnect log line. */
    String closeReason;
    /** True once the session was told the connection ended, or the router detached it. */
    boolean sessionEnded;

    private boolean flushScheduled;
    private ArrayDeque<MqttMessage> queuedPackets;
    /** The loop's keep-alive sweeper watching this connection, and its slot there; null / -1 when none. */
    KeepAliveSweeper keepAlive;
    int keepAliveSlot = -1;
    private boolean holdingDeliveries;
    private List<Object> heldDeliveries;

    Connection(ChannelHandlerContext ctx, Runnable drain, TrafficMetrics metrics) {
        this.ctx = ctx;
        this.metrics = metrics;
        this.drain = drain;
        this.sink = new MqttDeliverySink(this);
    }

    /** The limits that apply to this client: {@code current} with its user's overrides, cached until a reload. */
    MqttLimits limits(MqttLimits current) {
        if (current != limitsSource) {
            limitsSource = current;
            limits = current.forUser(principal.anonymous() ? null : principal.name());
        }
        return limits;
    }

    boolean isV5() {
        return version == MqttVersion.MQTT_5;
    }

    SocketAddress remoteAddress() {
        return ctx.channel().remoteAddress();
    }

    /** Stops reading the socket for {@code reason} (one of PAUSE_*) until {@link #resumeReading}. */
    void pauseReading(int reason) {
        readPauses |= reason;
        updateAutoRead();
    }

    void resumeReading(int reason) {
        boolean held = holdsInput();
        readPauses &= ~reason;
        if (held && !holdsInput()) {
            drainQueued(); // the packets read before the pause took effect
        }
        updateAutoRead();
    }

    /**
     * While a publish rate or the memory budget pauses the client, packets already read are not processed
     * either: they wait in order (at most one read's worth) until it resumes.
     */
    boolean holdsInput() {
        return (readPauses & (PAUSE_PUBLISH_RATE | PAUSE_MEMORY)) != 0;
    }

    boolean hasQueued() {
        return queuedPackets != null && !queuedPackets.isEmpty();
    }

    boolean readingPaused(int reason) {
        return (readPauses & reason) != 0;
    }

    /** Once connected, the socket is read exactly when nothing pauses it. */
    void updateAutoRead() {
        if (state == State.CONNECTED) {
            ctx.channel().config().setAutoRead(readPauses == 0);
        }
    }

    /** The remote IP address as text (for per-address limits and logs), or the address's text form. */
    String remoteHost() {
        SocketAddress address = remoteAddress();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }

    /** Writes without flushing; one flush follows once the event loop has finished its current batch. */
    void write(Object packet) {
        ctx.write(packet, ctx.voidPromise());
        if (!flushScheduled) {
            flushScheduled = true;
            ctx.executor().execute(flushTask);
        }
    }

    private void flush() {
        flushScheduled = false;
        ctx.flush();
    }

    /**
     * Ends the connection: sends {@code lastPacket} (if not null) after everything already written, then closes.
     * Further packets are dropped.
     */
    void close(MqttMessage lastPacket, String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        state = State.CLOSED;
        if (lastPacket != null && ctx.channel().isActive()) {
            ctx.writeAndFlush(lastPacket).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.flush();
            ctx.close();
        }
    }

    /** Tells the router the connection ended, once. */
    void endSession(boolean publishWill) {
        if (!sessionEnded) {
            sessionEnded = true;
            if (session != null) {
                session.disconnect(publishWill);
            }
        }
    }

    /** Keeps a packet decoded while the router opens the session; it is dispatched after CONNACK. */
    void queue(MqttMessage packet) {
        if (queuedPackets == null) {
            queuedPackets = new ArrayDeque<>(4);
        }
        queuedPackets.add(packet);
    }

    /** The next queued packet, or null. */
    MqttMessage nextQueued() {
        return queuedPackets == null ? null : queuedPackets.poll();
    }

    /** Dispatches the packets queued during CONNECTING (through the connection handler, which releases them). */
    void drainQueued() {
        drain.run();
    }

    /** While holding, deliveries from the router wait: nothing may precede the CONNACK. */
    void holdDeliveries() {
        holdingDeliveries = true;
    }

    boolean holdingDeliveries() {
        return holdingDeliveries;
    }

    /** Keeps a {@link io.switchboard.router.api.Delivery} or a PUBREL packet id ({@link Integer}) for later. */
    void hold(Object delivery) {
        if (heldDeliveries == null) {
            heldDeliveries = new ArrayList<>(4);
        }
        heldDeliveries.add(delivery);
    }

    /** Stops holding and sends what was held, in order. */
    void releaseDeliveries() {
        holdingDeliveries = false;
        List<Object> held = heldDeliveries;
        heldDeliveries = null;
        if (held != null) {
            for (Object item : held) {
                sink.send(item);
            }
        }
    }

    /** The listener this connection came in on, for metrics. */
    String listener() {
        String name = ctx.channel().attr(MqttPipeline.LISTENER).get();
        return name == null ? "mqtt" : name;
    }

    /** Text for logs: the client id when known, else the address. */
    String describe() {
        return "id=" + clientId + " addr=" + remoteAddress();
    }
}
