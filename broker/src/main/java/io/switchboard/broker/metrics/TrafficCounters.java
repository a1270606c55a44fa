package io.switchboard.broker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.TrafficMetrics;
import io.switchboard.router.security.AuthenticationFailures;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The adapters' traffic events as Micrometer meters. Per-message counters are created up front (one per protocol
 * and QoS) so that the event loops only increment; per-connection meters are looked up in a map, which is cheap
 * next to a TCP handshake.
 */
public final class TrafficCounters implements TrafficMetrics, AuthenticationFailures {
    public static final String MESSAGES_RECEIVED = "switchboard.messages.received";
    public static final String MESSAGES_SENT = "switchboard.messages.sent";
    public static final String BYTES_RECEIVED = "switchboard.payload.received";
    public static final String BYTES_SENT = "switchboard.payload.sent";
    public static final String CONNECTIONS_OPENED = "switchboard.connections.opened";
    public static final String DROPPED = "switchboard.deliveries.dropped";
    public static final String AUTH_FAILURES = "switchboard.auth.failures";
    static final String DROPPED_HELP = "Deliveries dropped or publishes refused, by reason";

    private final MeterRegistry registry;
    private final Counter[][] received = new Counter[Protocol.values().length][3];
    private final Counter[][] receivedBytes = new Counter[Protocol.values().length][3];
    private final Counter[][] sent = new Counter[Protocol.values().length][3];
    private final Counter[][] sentBytes = new Counter[Protocol.values().length][3];
    private final ConcurrentHashMap<String, Listener> listeners = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> refused = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> dropped = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> authFailures = new ConcurrentHashMap<>();

    /** One listener's connection meters. */
    private record Listener(AtomicLong current, Counter opened) {
    }

    TrafficCounters(MeterRegistry registry) {
        this.registry = registry;
        for (Protocol protocol : Protocol.values()) {
            for (Qos qos : Qos.values()) {
                String p = name(protocol);
                String q = Integer.toString(qos.level());
                int i = protocol.ordinal();
                received[i][qos.level()] = Counter.builder(MESSAGES_RECEIVED).tag("protocol", p).tag("qos", q)
                        .description("Messages published by clients").register(registry);
                receivedBytes[i][qos.level()] = Counter.builder(BYTES_RECEIVED).baseUnit("bytes")
                        .tag("protocol", p).tag("qos", q).description("Payload bytes published by clients")
                        .register(registry);
                sent[i][qos.level()] = Counter.builder(MESSAGES_SENT).tag("protocol", p).tag("qos", q)
                        .description("Messages written to clients").register(registry);
                sentBytes[i][qos.level()] = Counter.builder(BYTES_SENT).baseUnit("bytes")
                        .tag("protocol", p).tag("qos", q).description("Payload bytes written to clients")
                        .register(registry);
            }
        }
    }

    private static String name(Protocol protocol) {
        return protocol.name().toLowerCase(Locale.ROOT);
    }

    private Listener listener(Protocol protocol, String listener) {
        return listeners.computeIfAbsent(name(protocol) + "/" + listener, key -> {
            AtomicLong current = new AtomicLong();
            Gauge.builder("switchboard.connections", current, AtomicLong::get).tag("protocol", name(protocol))
                    .tag("listener", listener).description("Open client connections").register(registry);
            Counter opened = Counter.builder(CONNECTIONS_OPENED).tag("protocol", name(protocol))
                    .tag("listener", listener).description("Client connections accepted").register(registry);
            return new Listener(current, opened);
        });
    }

    @Override
    public void connectionOpened(Protocol protocol, String listener) {
        Listener meters = listener(protocol, listener);
        meters.current.incrementAndGet();
        meters.opened.increment();
    }

    @Override
    public void connectionClosed(Protocol protocol, String listener) {
        listener(protocol, listener).current.decrementAndGet();
    }

    @Override
    public void connectionRefused(Protocol protocol, String listener, String reason) {
        refused.computeIfAbsent(name(protocol) + "/" + listener + "/" + reason, key ->
                Counter.builder("switchboard.connections.refused").tag("protocol", name(protocol))
                        .tag("listener", listener).tag("reason", reason)
                        .description("Connection attempts refused, by reason").register(registry)).increment();
    }

    @Override
    public void messageReceived(Protocol protocol, Qos qos, int payloadBytes) {
        received[protocol.ordinal()][qos.level()].increment();
        receivedBytes[protocol.ordinal()][qos.level()].increment(payloadBytes);
    }

    @Override
    public void messageSent(Protocol protocol, Qos qos, int payloadBytes) {
        sent[protocol.ordinal()][qos.level()].increment();
        sentBytes[protocol.ordinal()][qos.level()].increment(payloadBytes);
    }

    @Override
    public void deliveryDropped(Protocol protocol, String reason) {
        dropped.computeIfAbsent(reason, key -> Counter.builder(DROPPED).tag("reason", reason)
                .description(DROPPED_HELP).register(registry)).increment();
    }

    @Override
    public void failed(Protocol protocol, String reason) {
        authFailures.computeIfAbsent(name(protocol) + "/" + reason, key -> Counter.builder(AUTH_FAILURES)
                .tag("protocol", name(protocol)).tag("reason", reason)
                .description("Logins refused by the authenticator, by protocol and reason").register(registry))
                .increment();
    }

    /** Open connections over every protocol and listener. */
    public long currentConnections() {
        return listeners.values().stream().mapToLong(l -> l.current.get()).sum();
    }
}
