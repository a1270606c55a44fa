package io.switchboard.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.router.api.BrokerSession;
import io.switchboard.router.api.ConnectRequest;
import io.switchboard.router.api.DisconnectReason;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.SessionExecutor;
import io.switchboard.router.api.TrafficMetrics;
import io.switchboard.router.queue.Queues;
import io.switchboard.router.security.Action;
import io.switchboard.router.security.Authorizer;
import io.switchboard.router.security.ReadPermission;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.ConnectionError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP connection, driven on its channel's event loop (STYLE.md point 8): bytes into the transport's tail,
 * {@code process()}, the collector's events drained in one {@code switch}, pending output copied out of the
 * head. Not thread-safe: every method runs on the event loop.
 */
final class AmqpConnection {
    private static final Logger LOG = LoggerFactory.getLogger(AmqpConnection.class);
    private static final AtomicLong CONNECTION_NUMBERS = new AtomicLong();

    private final Channel channel;
    private final AmqpSettings settings;
    private final SessionConnector connector;
    private final Queues queues;
    private final SessionExecutor executor;
    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final Collector collector = Proton.collector();
    private final AmqpSecurity security;
    private final SaslServer sasl;
    private final SaslFraming saslFraming = new SaslFraming();
    private final PublishBudget publishBudget;
    private final TrafficMetrics metrics;
    private ByteBuf heldInput;
    private final List<Runnable> untilConnected = new ArrayList<>();
    private final Links links;
    private final ChannelMaxGuard channelMaxGuard;
    private BrokerSession session;
    private String clientId;
    private boolean pumpScheduled;
    private boolean channelClosing;
    private boolean ended;
    private boolean closeAfterFlush;
    private ScheduledFuture<?> tick;
    private long tickDeadline;

    AmqpConnection(Channel channel, AmqpSettings settings, SessionConnector connector, Queues queues,
                   AmqpSecurity security, TrafficMetrics metrics) {
        this.metrics = metrics;
        this.channel = channel;
        this.settings = settings;
        this.connector = connector;
        this.queues = queues;
        this.security = security;
        this.executor = SessionExecutor.of(channel.eventLoop(), channel.eventLoop()::inEventLoop);
        this.sasl = new SaslServer(security, channel, this::saslDecided);
        this.publishBudget = new PublishBudget(security.limits());
        this.links = new Links(this, settings);
        this.channelMaxGuard = new ChannelMaxGuard(settings.channelMax());
    }

    void start() {
        transport.setMaxFrameSize(settings.maxFrameSize());
        transport.setChannelMax(settings.channelMax());
        transport.setIdleTimeout(settings.idleTimeoutSeconds() * 1000);
        sasl.install(transport);
        connection.collect(collector);
        transport.bind(connection);
        pump();
    }

    Channel channel() {
        return channel;
    }

    Queues queues() {
        return queues;
    }

    SessionExecutor executor() {
        return executor;
    }

    BrokerSession session() {
        return session;
    }

    /** The publish rate and memory budget publishing links take their credit from. */
    /** Where messages in and out of this connection are counted. */
    TrafficMetrics metrics() {
        return metrics;
    }

    PublishBudget publishBudget() {
        return publishBudget;
    }

    /**
     * The ACL's answer for this connection's principal and container id (the {@code %c} of ACL rules); queues are
     * checked under their ACL name {@link Address#aclName}.
     */
    boolean allowed(Action action, String aclTopic) {
        Authorizer authorizer = security.authorizer();
        return authorizer == Authorizer.ALLOW_ALL
                || authorizer.isAllowed(sasl.principal(), containerId(), action, aclTopic);
    }

    /** The peer's container id ("" before OPEN or when it sent none). */
    String containerId() {
        String container = connection.getRemoteContainer();
        return container == null ? "" : container;
    }

    String clientId() {
        return clientId;
    }

    /** Feeds received bytes to the transport; the caller releases the buffer. */
    void input(ByteBuf in) {
        int safe = channelMaxGuard.safeBytes(in);
        if (safe < in.readableBytes()) {
            ByteBuf before = in.readRetainedSlice(safe);
            try {
                feed(before);
            } finally {
                before.release();
            }
            in.skipBytes(in.readableBytes());
            if (!channelClosing) {
                engineRejected(new ErrorCondition(ConnectionError.FRAMING_ERROR, "channel "
                        + channelMaxGuard.violatingChannel() + " exceeds channel-max " + settings.channelMax()));
            }
            return;
        }
        feed(in);
    }

    private void feed(ByteBuf in) {
        while (in.isReadable() && !channelClosing) {
            if (sasl.checking()) {
                hold(in); // the credentials are being checked: nothing after the init frame is read yet
                return;
            }
            int capacity = transport.capacity();
            if (capacity <= 0) {
                in.skipBytes(in.readableBytes()); // input side closed after an error: the rest is ignored
                break;
            }
            boolean framed = sasl.undecided();
            ByteBuffer tail = transport.tail();
            int n = Math.min(tail.remaining(), framed ? saslFraming.feedable(in) : in.readableBytes());
            if (framed) {
                saslFraming.fed(n);
            }
            ByteBuffer window = tail.slice();
            window.limit(n);
            in.readBytes(window);
            tail.position(tail.position() + n);
            try {
                transport.process();
            } catch (TransportException e) {
                protocolError(e);
            } catch (RuntimeException e) {
                engineRejected(EngineFailures.conditionOf(e));
                return;
            }
            if (sasl.failed()) {
                in.skipBytes(in.readableBytes()); // nothing after a failed authentication is read
                pump();
                closeChannel();
                return;
            }
            dispatchEvents();
        }
        pump();
    }

    /** Keeps input that arrived while the credentials are checked, and stops reading until the outcome. */
    private void hold(ByteBuf in) {
        if (heldInput == null) {
            heldInput = channel.alloc().buffer(in.readableBytes());
        }
        heldInput.writeBytes(in);
        channel.config().setAutoRead(false);
        if (heldInput.readableBytes() > settings.maxFrameSize()) {
            LOG.info("amqp.protocol_error client={} remote={} condition=none reason=\"input before the SASL"
                    + " outcome exceeds a frame\"", clientId, channel.remoteAddress());
            closeChannel();
        }
    }

    /** The SASL outcome was decided off the event loop: send it, then read on (or close after a refusal). */
    private void saslDecided() {
        pump();
        if (sasl.failed()) {
            closeChannel();
            return;
        }
        channel.config().setAutoRead(true);
        ByteBuf held = heldInput;
        heldInput = null;
        if (held != null) {
            try {
                feed(held);
            } finally {
                held.release();
            }
        }
    }

    /** proton-j refused the input (bad header, framing or decode error): what it wrote is sent, then the close. */
    private void protocolError(TransportException e) {
        closeAfterFlush = true;
        ErrorCondition condition = transport.getCondition();
        LOG.info("amqp.protocol_error client={} remote={} condition={} reason=\"{}\"", clientId,
                channel.remoteAddress(), condition == null ? "none" : condition.getCondition(), e.getMessage());
    }

    /**
     * A frame proton-j would accept or choke on (a channel above channel-max; a transfer on a handle that was
     * never attached makes it throw): close with the matching condition and read nothing more.
     */
    private void engineRejected(ErrorCondition condition) {
        LOG.info("amqp.protocol_error client={} remote={} condition={} reason=\"{}\"", clientId,
                channel.remoteAddress(), condition.getCondition(), condition.getDescription());
        closeAfterFlush = true;
        close(condition);
        pump();
    }

    /** Runs the pump once, soon, on the event loop: coalesces the output of many deliveries into one flush. */
    void requestPump() {
        if (!pumpScheduled && !channelClosing) {
            pumpScheduled = true;
            channel.eventLoop().execute(() -> {
                pumpScheduled = false;
                pump();
            });
        }
    }

    void pump() {
        if (channelClosing) {
            return;
        }
        dispatchEvents();
        boolean wrote = false;
        while (true) {
            int pending = transport.pending();
            if (pending > 0) {
                ByteBuffer head = transport.head();
                int n = Math.min(pending, head.remaining());
                ByteBuf out = channel.alloc().buffer(n);
                ByteBuffer view = head.duplicate();
                view.limit(view.position() + n);
                out.writeBytes(view);
                transport.pop(n);
                channel.write(out, channel.voidPromise());
                wrote = true;
                dispatchEvents();
            } else if (pending < 0) {
                closeChannel();
                return;
            } else {
                break;
            }
        }
        if (wrote) {
            channel.flush();
        }
        if (closeAfterFlush) {
            closeChannel();
            return;
        }
        scheduleTick();
    }

    private void closeChannel() {
        channelClosing = true;
        cancelTick();
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void scheduleTick() {
        long now = nowMillis();
        long deadline = transport.tick(now);
        if (deadline == 0 || (tick != null && tickDeadline <= deadline)) {
            return;
        }
        cancelTick();
        tickDeadline = deadline;
        tick = channel.eventLoop().schedule(() -> {
            tick = null;
            pump();
        }, Math.max(1, deadline - now), TimeUnit.MILLISECONDS);
    }

    private void cancelTick() {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
    }

    private static long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    private void dispatchEvents() {
        Event event;
        while ((event = collector.peek()) != null) {
            Event.Type type = event.getType();
            Session s = event.getSession();
            Link link = event.getLink();
            Delivery delivery = event.getDelivery();
            collector.pop();
            handle(type, s, link, delivery);
        }
    }

    private void handle(Event.Type type, Session s, Link link, Delivery delivery) {
        switch (type) {
            case CONNECTION_REMOTE_OPEN -> remoteOpen();
            case CONNECTION_REMOTE_CLOSE -> remoteClose();
            case SESSION_REMOTE_OPEN -> whenConnected(() -> sessionOpen(s));
            case SESSION_REMOTE_CLOSE -> whenConnected(() -> sessionClose(s));
            case LINK_REMOTE_OPEN -> whenConnected(() -> links.attach(link));
            case LINK_REMOTE_DETACH -> whenConnected(() -> links.detach(link, false));
            case LINK_REMOTE_CLOSE -> whenConnected(() -> links.detach(link, true));
            case LINK_FLOW -> whenConnected(() -> links.flow(link));
            case DELIVERY -> whenConnected(() -> links.delivery(delivery));
            case TRANSPORT_ERROR -> {
                ErrorCondition condition = transport.getCondition();
                LOG.info("amqp.transport_error client={} remote={} condition={} reason=\"{}\"", clientId,
                        channel.remoteAddress(), condition == null ? "none" : condition.getCondition(),
                        condition == null ? "" : condition.getDescription());
            }
            default -> {
                // other events (local state changes, transport notifications) need no action
            }
        }
    }

    private void whenConnected(Runnable action) {
        if (session != null) {
            action.run();
        } else if (!ended) {
            untilConnected.add(action);
        }
    }

    private void remoteOpen() {
        if (sasl.principal() == null) {
            closeChannel(); // never reached through SASL; a guard against any path around authentication
            return;
        }
        String container = connection.getRemoteContainer();
        clientId = "amqp/" + (container == null || container.isEmpty() ? "anonymous" : container) + "/"
                + CONNECTION_NUMBERS.incrementAndGet();
        Authorizer authorizer = security.authorizer();
        ReadPermission reads = authorizer == Authorizer.ALLOW_ALL ? ReadPermission.ALL
                : ReadPermission.of(authorizer, sasl.principal(), containerId());
        ConnectRequest request = new ConnectRequest(clientId, true, 0, null, settings.maxUnacknowledged(),
                Protocol.AMQP, links.sink(), executor, reads);
        connector.connect(request, result -> {
            if (ended) {
                result.session().disconnect(false);
                return;
            }
            session = result.session();
            connection.setContainer("switchboard");
            connection.setOfferedCapabilities(new Symbol[] {Links.ANONYMOUS_RELAY});
            connection.open();
            LOG.info("amqp.connected client={} remote={} user={}", clientId, channel.remoteAddress(), sasl.user());
            List<Runnable> pending = new ArrayList<>(untilConnected);
            untilConnected.clear();
            pending.forEach(Runnable::run);
            pump();
        });
    }

    private void remoteClose() {
        ErrorCondition condition = connection.getRemoteCondition();
        if (condition != null && condition.getCondition() != null) {
            LOG.info("amqp.peer_closed client={} condition={} reason=\"{}\"", clientId, condition.getCondition(),
                    condition.getDescription());
        }
        if (connection.getLocalState() != EndpointState.ACTIVE) {
            connection.open(); // a close before our open: answer open + close as the spec requires
        }
        connection.close();
        end();
    }

    private void sessionOpen(Session s) {
        s.setIncomingCapacity(settings.sessionWindowFrames() * transport.getMaxFrameSize());
        s.open();
    }

    private void sessionClose(Session s) {
        links.sessionClosed(s);
        s.close();
    }

    /** The router closed the session (take-over, shutdown, overflow): close the connection with a reason. */
    void closedByRouter(DisconnectReason reason) {
        session = null;
        String why = reason.name().toLowerCase(Locale.ROOT);
        LOG.info("amqp.closed client={} reason={}", clientId, why);
        close(new ErrorCondition(ConnectionError.CONNECTION_FORCED, why));
    }

    /** Closes the connection with an error condition (sent in CLOSE); the channel closes once it is written. */
    void close(ErrorCondition condition) {
        if (connection.getLocalState() == EndpointState.CLOSED) {
            return;
        }
        if (connection.getLocalState() == EndpointState.UNINITIALIZED) {
            connection.open();
        }
        connection.setCondition(condition);
        connection.close();
        end();
        requestPump();
    }

    void writabilityChanged() {
        links.updateWritability();
    }

    /** The channel is gone. */
    void channelClosed() {
        channelClosing = true;
        if (heldInput != null) {
            heldInput.release();
            heldInput = null;
        }
        cancelTick();
        end();
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        untilConnected.clear();
        links.closeAll();
        if (session != null) {
            BrokerSession closing = session;
            session = null;
            closing.disconnect(false);
            LOG.info("amqp.disconnected client={}", clientId);
        }
    }
}
