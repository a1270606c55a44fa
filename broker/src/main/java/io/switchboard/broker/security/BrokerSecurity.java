package io.switchboard.broker.security;

import io.switchboard.broker.config.SecurityConfig;
import io.switchboard.broker.security.PasswordAuthenticator.CertificateIdentity;
import io.switchboard.mqtt.MqttSecurity;
import java.util.concurrent.ArrayBlockingQueue;
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
    private final ThreadPoolExecutor authThreads;
    private final MqttSecurity mqtt;

    private BrokerSecurity(SecurityRules rules) {
        this.rules = rules;
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger counter = new AtomicInteger();
        this.authThreads = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(AUTH_QUEUE), task -> {
                    Thread thread = new Thread(task, "switchboard-auth-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        authThreads.allowCoreThreadTimeOut(true);
        this.mqtt = new MqttSecurity(rules.authenticator(), rules.authorizer(), authThreads);
    }

    /** Reads the configured password and ACL files; throws {@link InvalidRulesException} naming file and line. */
    public static BrokerSecurity start(SecurityConfig config) {
        return new BrokerSecurity(SecurityRules.load(config, CertificateIdentity.NONE));
    }

    /** The hooks the MQTT listeners use. */
    public MqttSecurity mqtt() {
        return mqtt;
    }

    /** Re-reads the password and ACL files; a bad file throws and the old rules stay. */
    public String reload() {
        return rules.reload();
    }

    public String describe() {
        return rules.describe();
    }

    @Override
    public void close() {
        authThreads.shutdownNow();
    }
}
