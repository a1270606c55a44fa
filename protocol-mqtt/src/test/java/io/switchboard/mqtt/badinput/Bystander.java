package io.switchboard.mqtt.badinput;

import static org.awaitility.Awaitility.await;

import io.switchboard.mqtt.Clients;
import io.switchboard.mqtt.RawClient;
import io.switchboard.mqtt.RawPacket;
import io.switchboard.mqtt.RawPackets;
import io.switchboard.mqtt.TestBroker;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A well-behaved pair of clients (an MQTT 5 publisher and an MQTT 3.1.1 subscriber, QoS 1 both ways) that
 * keeps doing round trips every 20 ms while a test feeds the broker bad input. Before each test it waits for
 * a first round trip; after the test it fails the test if any round trip failed, or if fewer than three more
 * completed after the test body ended.
 */
public final class Bystander implements BeforeEachCallback, AfterEachCallback {
    private static final Duration ROUND_TRIP_TIMEOUT = Duration.ofSeconds(3);

    private final Supplier<TestBroker> broker;
    private final AtomicInteger roundTrips = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private ScheduledExecutorService loop;
    private RawClient publisher;
    private RawClient subscriber;
    private String topic;
    private int packetId;

    public Bystander(Supplier<TestBroker> broker) {
        this.broker = broker;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        roundTrips.set(0);
        failure.set(null);
        loop = null;
        publisher = null;
        subscriber = null;
        topic = Clients.unique("bystander/topic");
        subscriber = broker.get().raw();
        subscriber.connect(RawPackets.V311, Clients.unique("bystander-sub"), true);
        subscriber.subscribe(1, topic, 1);
        publisher = broker.get().raw();
        publisher.connect(RawPackets.V5, Clients.unique("bystander-pub"), true);
        loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bystander"));
        loop.scheduleWithFixedDelay(this::roundTrip, 0, 20, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> roundTrips.get() > 0 || failure.get() != null);
        check("before the test");
    }

    private void roundTrip() {
        if (failure.get() != null) {
            return;
        }
        try {
            packetId = packetId % 65_535 + 1;
            String payload = "round trip " + packetId;
            publisher.send(RawPackets.publish(RawPackets.V5, topic, 1, packetId, payload));
            RawPacket.Ack puback = publisher.expect(RawPackets.PUBACK).ack(RawPackets.V5);
            if (puback.packetId() != packetId || puback.reasonCode() >= 0x80) {
                throw new AssertionError("bad PUBACK " + puback);
            }
            RawPacket.Publish received = subscriber.read(ROUND_TRIP_TIMEOUT).publish(RawPackets.V311);
            if (!received.payloadText().equals(payload)) {
                throw new AssertionError("expected '" + payload + "' but received '" + received.payloadText() + "'");
            }
            subscriber.send(RawPackets.ack(RawPackets.PUBACK, received.packetId()));
            roundTrips.incrementAndGet();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private void check(String when) {
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("the well-behaved bystander client was harmed " + when + ": " + t, t);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        if (loop == null) {
            closeClients();
            return;
        }
        try {
            int seen = roundTrips.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> roundTrips.get() >= seen + 3 || failure.get() != null);
            check("during or after the bad input");
        } finally {
            loop.shutdownNow();
            boolean stopped = loop.awaitTermination(5, TimeUnit.SECONDS);
            closeClients();
            if (!stopped) {
                throw new AssertionError("bystander loop did not stop");
            }
        }
    }

    /** Closes the clients that were opened (setup may have failed half way). */
    private void closeClients() {
        if (publisher != null) {
            publisher.close();
        }
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
