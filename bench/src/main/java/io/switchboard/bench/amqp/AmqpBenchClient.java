package io.switchboard.bench.amqp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Endpoint;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP 1.0 load-generator connection: a proton-j engine driven on the channel's event loop, as the broker
 * drives its own (bytes in -> {@link Transport} -> {@link Collector} events in a switch -> pending output written
 * once per read batch). SASL ANONYMOUS, one session, and the link the subclass opens on it.
 */
public abstract class AmqpBenchClient extends ChannelInboundHandlerAdapter {
    /** The terminus capability Qpid JMS sends for a queue; both brokers read it as "anycast queue". */
    public static final Symbol QUEUE_CAPABILITY = Symbol.valueOf("queue");
    private static final Logger LOG = LoggerFactory.getLogger(AmqpBenchClient.class);
    private static final int SESSION_INCOMING_BYTES = 8 * 1024 * 1024;

    protected final String name;
    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final Collector collector = Proton.collector();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    protected ChannelHandlerContext ctx;
    private ScheduledFuture<?> ticker;
    private boolean inRead;
    private boolean closing;

    protected AmqpBenchClient(String name) {
        this.name = name;
    }

    /** Completes when the link is attached and usable. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    public EventExecutor executor() {
        return ctx.executor();
    }

    /** Opens the link on the session (on the event loop, before the first output is written). */
    protected abstract void openLink(Session session);

    /** The peer attached the link. */
    protected abstract void onLinkOpened(Link link);

    /** Credit or drain changed on the link. */
    protected void onFlow(Link link) {
    }

    /** A delivery arrived or its remote state changed. */
    protected abstract void onDelivery(Delivery delivery);

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        Sasl sasl = transport.sasl();
        sasl.client();
        sasl.setMechanisms("ANONYMOUS");
        transport.bind(connection);
        connection.collect(collector);
        connection.setContainer(name);
        connection.setHostname("localhost");
        connection.open();
        Session session = connection.session();
        session.setIncomingCapacity(SESSION_INCOMING_BYTES);
        session.open();
        openLink(session);
        ticker = context.executor().scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        flush();
        super.channelActive(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        inRead = true;
        try {
            while (in.isReadable()) {
                if (transport.capacity() <= 0) {
                    fail("transport closed with " + in.readableBytes() + " bytes unread");
                    return;
                }
                ByteBuffer tail = transport.tail();
                int limit = tail.limit();
                tail.limit(tail.position() + Math.min(tail.remaining(), in.readableBytes()));
                in.readBytes(tail);
                tail.limit(limit);
                transport.process();
                dispatch();
            }
        } catch (TransportException e) {
            fail("transport error: " + e.getMessage());
        } finally {
            inRead = false;
            in.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) throws Exception {
        afterRead();
        flush();
        super.channelReadComplete(context);
    }

    /** Called after each read batch, before the output is written. */
    protected void afterRead() {
    }

    private void dispatch() {
        Event event;
        while ((event = collector.peek()) != null) {
            try {
                switch (event.getType()) {
                    case LINK_REMOTE_OPEN -> {
                        Link link = event.getLink();
                        if ((link.getRemoteSource() == null || link.getRemoteTarget() == null)) {
                            LOG.debug("event=bench.amqp_attach_refused client={}", name);
                        } else {
                            onLinkOpened(link);
                        }
                    }
                    case LINK_FLOW -> onFlow(event.getLink());
                    case DELIVERY -> onDelivery(event.getDelivery());
                    case LINK_REMOTE_CLOSE, LINK_REMOTE_DETACH -> closedByPeer("link", event.getLink());
                    case SESSION_REMOTE_CLOSE -> closedByPeer("session", event.getSession());
                    case CONNECTION_REMOTE_CLOSE -> closedByPeer("connection", event.getConnection());
                    case TRANSPORT_ERROR -> fail("transport error: " + describe(transport.getCondition()));
                    default -> {
                    }
                }
            } finally {
                collector.pop();
            }
        }
    }

    private void closedByPeer(String what, Endpoint endpoint) {
        if (closing) {
            return;
        }
        fail(what + " closed by the broker: " + describe(endpoint.getRemoteCondition()));
    }

    private static String describe(ErrorCondition condition) {
        return condition == null || condition.getCondition() == null ? "no error"
                : condition.getCondition() + " " + condition.getDescription();
    }

    protected final void markReady() {
        ready.complete(null);
    }

    protected final void fail(String why) {
        if (ready.completeExceptionally(new IllegalStateException(name + ": " + why))) {
            LOG.warn("event=bench.client_failed client={} reason={}", name, why);
        } else {
            LOG.warn("event=bench.protocol_error client={} reason={}", name, why);
        }
        ctx.close();
    }

    /** Writes the engine's pending output in one buffer and flushes; a no-op inside a read (done after it). */
    protected final void flush() {
        if (inRead) {
            return;
        }
        int pending = transport.pending();
        if (pending <= 0) {
            return;
        }
        ByteBuf out = ctx.alloc().directBuffer(pending);
        while ((pending = transport.pending()) > 0) {
            ByteBuffer head = transport.head();
            int n = head.remaining();
            out.writeBytes(head.duplicate());
            transport.pop(n);
        }
        ctx.writeAndFlush(out, ctx.voidPromise());
    }

    private void tick() {
        transport.tick(System.currentTimeMillis());
        flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (ready.completeExceptionally(new IllegalStateException(name + ": connection closed"))) {
            LOG.warn("event=bench.closed_before_ready client={}", name);
        }
        super.channelInactive(context);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.warn("event=bench.connection_error client={} error={}", name, cause.toString());
        ready.completeExceptionally(cause);
        context.close();
    }

    /** Sends CLOSE and closes the socket once it is written; from any thread. */
    public void disconnect() {
        ctx.executor().execute(() -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            closing = true;
            connection.close();
            flush();
            ctx.close();
        });
    }
}
