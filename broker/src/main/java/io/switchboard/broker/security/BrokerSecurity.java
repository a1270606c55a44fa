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
import io.switchboard.router.api.Protocol;
import io.switchboard.router.security.AuthenticationFailures;
import io.switchboard.router.security.AuthenticationResult;
import io.switchboard.router.security.AuthExchange;
import io.switchboard.router.security.AuthStep;
import io.switchboard.router.security.Authenticator;
import io.switchboard.router.security.EnhancedAuthenticator;
import java.util.HashMap;
import java.util.Map;
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

    private final SecurityConfig securityConfig;
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
    private volatile AuthenticationFailures authFailures = AuthenticationFailures.NONE;

    private BrokerSecurity(SecurityConfig config, SecurityRules rules, TlsContexts tls) {
        this.securityConfig = config;
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
        this.mqtt = new MqttSecurity(authenticator(Protocol.MQTT), enhanced(rules.enhancedAuthenticator()),
                rules.authorizer(), authThreads,
                tls == null ? null : new MqttTls(tls, tlsConfig.mqttPort(), tlsConfig.websocketPort()),
                () -> limits, connections);
        this.amqp = new AmqpSecurity(authenticator(Protocol.AMQP), rules.authorizer(), authThreads,
                config.anonymousAllowed(), tls == null ? null : new AmqpTls(tls, tlsConfig.amqpPort()),
                () -> amqpLimits, connections);
        if (tls != null && tlsConfig.reloadIntervalSeconds() > 0) {
            timer.scheduleWithFixedDelay(tls::reloadIfChanged, tlsConfig.reloadIntervalSeconds(),
                    tlsConfig.reloadIntervalSeconds(), TimeUnit.SECONDS);
        }
    }

    /**
     * The authenticator an adapter of {@code protocol} uses: the current rules, behind flapping detection when
     * that is configured, reporting each refusal to {@link #reportAuthFailuresTo}. Call it from a thread that
     * may block (password hashes are slow on purpose), unless it is {@link Authenticator#ANONYMOUS}.
     */
    public Authenticator authenticator(Protocol protocol) {
        return AuthenticationFailures.reporting(withFlapping(rules.authenticator()), protocol,
                (p, reason) -> authFailures.failed(p, reason));
    }

    /** Where refused logins are counted (the broker's metrics); until called, nowhere. */
    public void reportAuthFailuresTo(AuthenticationFailures failures) {
        this.authFailures = failures;
    }

    private Authenticator withFlapping(Authenticator inner) {
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

    /**
     * The rules' enhanced authentication, behind flapping detection (at an exchange's first step) when configured,
     * reporting each refused exchange to {@link #reportAuthFailuresTo} as the password check does.
     */
    private EnhancedAuthenticator enhanced(EnhancedAuthenticator inner) {
        if (inner == EnhancedAuthenticator.NONE) {
            return inner;
        }
        return (protocol, method, client) -> {
            AuthExchange exchange = inner.start(protocol, method, client);
            if (exchange == null) {
                return null;
            }
            return new AuthExchange() {
                private boolean started;

                @Override
                public AuthStep step(byte[] data) {
                    AuthStep step;
                    FlappingDetector detector = flapping;
                    if (!started && detector != null && !detector.allow(client.clientId(), client.sourceAddress(),
                            System.nanoTime())) {
                        step = new AuthStep.Failure(AuthenticationResult.Failure.BANNED, "flapping");
                    } else {
                        step = exchange.step(data);
                    }
                    started = true;
                    if (step instanceof AuthStep.Failure failure) {
                        // A stable token as the metric label: a free-text reason would make one series per message.
                        String reason = failure.reason() != null && failure.reason().matches("[a-z_]{1,40}")
                                ? failure.reason() : failure.kind().name().toLowerCase(java.util.Locale.ROOT);
                        authFailures.failed(protocol, reason);
                    }
                    return step;
                }
            };
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
                config.memoryBudgetBytes() > 0 ? budget : null, listenerOverrides(config), userOverrides(config));
        amqpLimits = new AmqpLimits(config.connectionsPerSecond(), config.maxConnections(),
                config.publishMessagesPerSecond(), config.publishBytesPerSecond(),
                config.memoryBudgetBytes() > 0 ? budget : null);
    }

    private static Map<String, MqttLimits.ListenerOverride> listenerOverrides(LimitsConfig config) {
        Map<String, MqttLimits.ListenerOverride> out = new HashMap<>();
        // config keys are snake_case; the listeners call themselves mqtt-ws and mqtt-wss
        config.listeners().forEach((name, listener) -> out.put(name.replace('_', '-'), new MqttLimits.ListenerOverride(
                orInherit(listener.connectionsPerSecond()), orInherit(listener.maxConnections()))));
        return out;
    }

    private static Map<String, MqttLimits.UserOverride> userOverrides(LimitsConfig config) {
        Map<String, MqttLimits.UserOverride> out = new HashMap<>();
        config.users().forEach((name, user) -> out.put(name, new MqttLimits.UserOverride(
                orInherit(user.publishMessagesPerSecond()),
                user.publishBytesPerSecond() == null ? MqttLimits.INHERIT : user.publishBytesPerSecond(),
                orInherit(user.maxSubscriptionsPerClient()), orInherit(user.maxQueuedMessages()),
                user.maxQueuedBytes() == null ? MqttLimits.INHERIT : user.maxQueuedBytes())));
        return out;
    }

    private static int orInherit(Integer value) {
        return value == null ? MqttLimits.INHERIT : value;
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
     * Re-reads the security section of the config (for the limits), the password and ACL files and the TLS
     * certificates, and puts them in force only when every one of them could be read: a bad file throws
     * {@link InvalidRulesException} naming it and every rule, limit and certificate in force stays. Connections
     * are kept; new checks use the new rules. SIGHUP and the admin API both call this.
     */
    public synchronized SecurityReload reload() {
        LimitsConfig newLimits = limitsConfig;
        Callable<SecurityConfig> source = configSource;
        if (source != null) {
            try {
                newLimits = source.call().limits();
            } catch (Exception e) {
                throw new InvalidRulesException(e.getMessage());
            }
        }
        Runnable newRules = rules.prepareReload();
        Runnable newTls = tls == null ? null : tls.prepareReload();
        newRules.run();
        if (newTls != null) {
            newTls.run();
        }
        boolean limitsChanged = !newLimits.equals(limitsConfig);
        if (limitsChanged) {
            applyLimits(newLimits);
            LOG.info("limits.reloaded {}", newLimits);
        }
        return new SecurityReload(securityConfig.passwordFile(), rules.users(), securityConfig.aclFile(),
                Math.max(0, rules.aclRules()), newTls != null, limitsChanged);
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
