package io.switchboard.broker;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.nio.charset.StandardCharsets;
import java.util.NavigableSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * One publisher of the crash test: a real HiveMQ client (MQTT 5 or 3.1.1) that sends numbered QoS 1 or 2
 * messages as fast as the broker acknowledges them (up to {@code WINDOW} awaiting their PUBACK/PUBCOMP), and
 * records every sequence number whose acknowledgement arrived.
 */
final class CrashPublisher {
    private static final int WINDOW = 128;

    private final String name;
    private final MqttQos qos;
    private final IntFunction<String> topicOf;
    private final boolean retain;
    private final Send send;
    private final NavigableSet<Integer> acked = new ConcurrentSkipListSet<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final Semaphore window = new Semaphore(WINDOW);
    private volatile boolean stopped;
    private Thread thread;

    private interface Send {
        CompletableFuture<?> send(String topic, MqttQos qos, boolean retain, byte[] payload);
    }

    private CrashPublisher(String name, MqttQos qos, IntFunction<String> topicOf, boolean retain, Send send) {
        this.name = name;
        this.qos = qos;
        this.topicOf = topicOf;
        this.retain = retain;
        this.send = send;
    }

    /** An MQTT 5 publisher; a PUBACK/PUBREC with an error reason is not an acknowledgement. */
    static CrashPublisher v5(String name, int port, MqttQos qos, IntFunction<String> topicOf, boolean retain)
            throws Exception {
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(name)
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        client.connect().get(10, TimeUnit.SECONDS);
        return new CrashPublisher(name, qos, topicOf, retain, (topic, q, r, payload) ->
                client.publishWith().topic(topic).qos(q).retain(r).payload(payload).send()
                        .thenAccept(result -> result.getError().ifPresent(error -> {
                            throw new IllegalStateException(error);
                        })));
    }

    /** An MQTT 3.1.1 publisher. */
    static CrashPublisher v3(String name, int port, MqttQos qos, IntFunction<String> topicOf) throws Exception {
        Mqtt3AsyncClient client = MqttClient.builder().useMqttVersion3().identifier(name)
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        client.connect().get(10, TimeUnit.SECONDS);
        return new CrashPublisher(name, qos, topicOf, false, (topic, q, r, payload) ->
                client.publishWith().topic(topic).qos(q).retain(r).payload(payload).send());
    }

    String name() {
        return name;
    }

    MqttQos qos() {
        return qos;
    }

    /** Sequence numbers (from 1) whose PUBACK / PUBCOMP reached the publisher. */
    NavigableSet<Integer> acked() {
        return acked;
    }

    int sent() {
        return sent.get();
    }

    void start(int maxMessages) {
        thread = new Thread(() -> run(maxMessages), "crash-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(int maxMessages) {
        try {
            for (int seq = 1; seq <= maxMessages && !stopped; seq++) {
                while (!window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                    if (stopped) {
                        return;
                    }
                }
                int s = seq;
                sent.set(seq);
                send.send(topicOf.apply(seq), qos, retain, Integer.toString(seq).getBytes(StandardCharsets.UTF_8))
                        .whenComplete((ignored, failure) -> {
                            if (failure == null) {
                                acked.add(s);
                            }
                            window.release();
                        });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops sending; acknowledgements still in flight are still recorded if they arrive. */
    void stop() throws InterruptedException {
        stopped = true;
        if (thread != null) {
            thread.join(5_000);
        }
    }
}
