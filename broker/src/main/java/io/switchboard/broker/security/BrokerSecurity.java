package io.switchboard.broker.security;

import io.switchboard.broker.config.SecurityConfig;
import io.switchboard.broker.config.TlsConfig;
import io.switchboard.mqtt.MqttSecurity;
import io.switchboard.mqtt.MqttTls;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The security of one running broker: the rules read from the configured files, and the threads that check
 * passwords (slow hashes never run on network threads; when their queue is full, new CONNECTs are refused with
 * "server unavailable" instead of queueing without bound).
 */
public final class BrokerSecurity implements AutoCloseable {
    private static final int AUTH_QUEUE = 1024;

    private final SecurityRules rules;
    private final TlsContexts tls;
    private final ThreadPoolExecutor authThreads;
    private final ScheduledExecutorService tlsWatch;
    private final MqttSecurity mqtt;

    private BrokerSecurity(SecurityConfig config, SecurityRules rules, TlsContexts tls) {
        this.rules = rules;
        this.tls = tls;
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger counter = new AtomicInteger();
        this.authThreads = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(AUTH_QUEUE), task -> {
                    Thread thread = new Thread(task, "switchboard-auth-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        authThreads.allowCoreThreadTimeOut(true);
        TlsConfig tlsConfig = config.tls();
        this.mqtt = new MqttSecurity(rules.authenticator(), rules.authorizer(), authThreads,
                tls == null ? null : new MqttTls(tls, tlsConfig.mqttPort(), tlsConfig.websocketPort()));
        if (tls != null && tlsConfig.reloadIntervalSeconds() > 0) {
            tlsWatch = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "switchboard-tls-watch");
                thread.setDaemon(true);
                return thread;
            });
            tlsWatch.scheduleWithFixedDelay(tls::reloadIfChanged, tlsConfig.reloadIntervalSeconds(),
                    tlsConfig.reloadIntervalSeconds(), TimeUnit.SECONDS);
        } else {
            tlsWatch = null;
        }
    }

    /** Reads the configured password and ACL files; throws {@link InvalidRulesException} naming file and line. */
    public static BrokerSecurity start(SecurityConfig config) {
        TlsContexts tls = config.tls().enabled() ? TlsContexts.load(config.tls()) : null;
        return new BrokerSecurity(config, SecurityRules.load(config), tls);
    }

    /** The hooks the MQTT listeners use. */
    public MqttSecurity mqtt() {
        return mqtt;
    }

    /**
     * Re-reads the password and ACL files and the TLS certificates; a bad file throws
     * {@link InvalidRulesException} and the old rules (and certificates) stay.
     */
    public String reload() {
        String summary = rules.reload();
        if (tls != null) {
            tls.reload();
        }
        return summary;
    }

    public String describe() {
        return rules.describe();
    }

    @Override
    public void close() {
        authThreads.shutdownNow();
        if (tlsWatch != null) {
            tlsWatch.shutdownNow();
        }
    }
}
