package io.switchboard.broker.security;

import io.switchboard.broker.config.SecurityConfig;
import io.switchboard.broker.config.LimitsConfig;
import io.switchboard.broker.config.TlsConfig;
import io.switchboard.amqp.AmqpLimits;
import io.switchboard.amqp.AmqpSecurity;
import io.switchboard.amqp.AmqpTls;
import io.switchboard.mqtt.MqttLimits;
import io.switchboard.mqtt.MqttSecurity;
import io.switchboard.mqtt.MqttTls;
import io.switchboard.router.limit.ConnectionGate;
import io.switchboard.router.limit.MemoryBudget;
import io.switchboard.router.security.AuthenticationResult;
import io.switchboard.router.security.Authenticator;
import java.util.concurrent.Callable;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security of one running broker: the rules read from the configured files, and the threads that check
 * passwords (slow hashes never run on network threads; when their queue is full, new CONNECTs are refused with
 * "server unavailable" instead of queueing without bound).
 */
public final class BrokerSecurity implements AutoCloseable {
    private static final int AUTH_QUEUE = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(BrokerSecurity.class);
    private static final long MEMORY_SAMPLE_MILLIS = 5;

    private final SecurityRules rules;
    private final TlsContexts tls;
    private final ThreadPoolExecutor authThreads;
    private final ScheduledExecutorService timer;
    private final MqttSecurity mqtt;
    private final AmqpSecurity amqp;
    private final ConnectionGate connections = new ConnectionGate();
    private volatile LimitsConfig limitsConfig;
    private volatile MqttLimits limits;
    private volatile AmqpLimits amqpLimits;
    private volatile FlappingDetector flapping;
    private volatile MemoryBudget memory;
    private volatile Callable<SecurityConfig> configSource;

    private BrokerSecurity(SecurityConfig config, SecurityRules rules, TlsContexts tls) {
        this.rules = rules;
        this.tls = tls;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "switchboard-security-timer");
            thread.setDaemon(true);
            return thread;
        });
        applyLimits(config.limits());
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
        this.mqtt = new MqttSecurity(authenticator(rules.authenticator()), rules.authorizer(), authThreads,
                tls == null ? null : new MqttTls(tls, tlsConfig.mqttPort(), tlsConfig.websocketPort()),
                () -> limits, connections);
        this.amqp = new AmqpSecurity(mqtt.authenticator(), rules.authorizer(), authThreads,
                config.anonymousAllowed(), tls == null ? null : new AmqpTls(tls, tlsConfig.amqpPort()),
                () -> amqpLimits, connections);
        if (tls != null && tlsConfig.reloadIntervalSeconds() > 0) {
            timer.scheduleWithFixedDelay(tls::reloadIfChanged, tlsConfig.reloadIntervalSeconds(),
                    tlsConfig.reloadIntervalSeconds(), TimeUnit.SECONDS);
        }
    }

    /** The rules' authenticator, behind flapping detection when that is configured. */
    private Authenticator authenticator(Authenticator inner) {
        if (limitsConfig.flappingMaxConnects() == 0) {
            return inner;
        }
        return credentials -> {
            FlappingDetector detector = flapping;
            if (detector != null && credentials.clientId() != null && !detector.allow(credentials.clientId(), credentials.sourceAddress(),
                    System.nanoTime())) {
                return AuthenticationResult.failure(AuthenticationResult.Failure.BANNED, "flapping");
            }
            return inner.authenticate(credentials);
        };
    }

    /** Puts new limits in force (connections keep going; new checks use them). */
    private void applyLimits(LimitsConfig config) {
        limitsConfig = config;
        flapping = config.flappingMaxConnects() == 0 ? null : new FlappingDetector(config.flappingMaxConnects(),
                config.flappingWindowSeconds(), config.flappingBanSeconds());
        MemoryBudget budget = memory;
        if (budget != null && config.memoryBudgetBytes() > 0) {
            budget.limit(config.memoryBudgetBytes());
        }
        limits = new MqttLimits(config.connectionsPerSecond(), config.maxConnections(),
                config.publishMessagesPerSecond(), config.publishBytesPerSecond(),
                config.publishRatePolicy() == LimitsConfig.PublishRatePolicy.DISCONNECT,
                config.maxSubscriptionsPerClient(), config.maxTopicLength(), config.maxTopicLevels(),
                config.memoryBudgetBytes() > 0 ? budget : null);
        amqpLimits = new AmqpLimits(config.connectionsPerSecond(), config.maxConnections(),
                config.publishMessagesPerSecond(), config.publishBytesPerSecond(),
                config.memoryBudgetBytes() > 0 ? budget : null);
    }

    /**
     * Starts the memory budget (when configured) over the router's queued bytes, sampled every
     * {@value #MEMORY_SAMPLE_MILLIS} ms. Called once the router exists.
     */
    public void watchMemory(LongSupplier queuedBytes) {
        if (memory != null) {
            return;
        }
        memory = new MemoryBudget(queuedBytes, Math.max(1, limitsConfig.memoryBudgetBytes()));
        applyLimits(limitsConfig);
        timer.scheduleWithFixedDelay(() -> {
            if (limits.memory() != null) {
                memory.sample();
            }
        }, MEMORY_SAMPLE_MILLIS, MEMORY_SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Where SIGHUP re-reads the security section from (the config file and overrides), for the limits. */
    public void reloadConfigFrom(Callable<SecurityConfig> source) {
        this.configSource = source;
    }

    /** The limits in force. */
    public MqttLimits limits() {
        return limits;
    }

    /** Reads the configured password and ACL files; throws {@link InvalidRulesException} naming file and line. */
    public static BrokerSecurity start(SecurityConfig config) {
        TlsContexts tls = config.tls().enabled() ? TlsContexts.load(config.tls()) : null;
        return new BrokerSecurity(config, SecurityRules.load(config), tls);
    }

    /** The hooks the AMQP listeners use: the same authenticator, ACL, TLS contexts and limits as MQTT's. */
    public AmqpSecurity amqp() {
        return amqp;
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
        LimitsConfig newLimits = limitsConfig;
        Callable<SecurityConfig> source = configSource;
        if (source != null) {
            try {
                newLimits = source.call().limits();
            } catch (Exception e) {
                throw new InvalidRulesException(e.getMessage());
            }
        }
        String summary = rules.reload();
        if (tls != null) {
            tls.reload();
        }
        if (!newLimits.equals(limitsConfig)) {
            applyLimits(newLimits);
            LOG.info("limits.reloaded {}", newLimits);
        }
        return summary;
    }

    public String describe() {
        return rules.describe();
    }

    @Override
    public void close() {
        authThreads.shutdownNow();
        timer.shutdownNow();
    }
}
