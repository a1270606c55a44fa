package io.switchboard.broker.config;

import io.switchboard.router.api.Durability;
import io.switchboard.router.api.QueueSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The whole broker configuration, bound from {@code conf/switchboard.yaml} (snake_case keys) plus overrides.
 * Every section has defaults: a missing key keeps its default.
 */
public record BrokerConfig(MqttConfig mqtt, AmqpConfig amqp, SessionConfig sessions, StorageConfig storage,
                           LoggingConfig logging, HttpConfig http, SysConfig sys, SecurityConfig security,
                           List<QueueConfig> queues) {

    public static final BrokerConfig DEFAULTS = new BrokerConfig(MqttConfig.DEFAULTS, AmqpConfig.DEFAULTS,
            SessionConfig.DEFAULTS, StorageConfig.DEFAULTS, LoggingConfig.DEFAULTS, HttpConfig.DEFAULTS,
            SysConfig.DEFAULTS, SecurityConfig.DEFAULTS, List.of());

    public BrokerConfig {
        InvalidValueException.required("mqtt", mqtt);
        InvalidValueException.required("amqp", amqp);
        InvalidValueException.required("sessions", sessions);
        InvalidValueException.required("storage", storage);
        InvalidValueException.required("logging", logging);
        InvalidValueException.required("http", http);
        InvalidValueException.required("sys", sys);
        InvalidValueException.required("security", security);
        mqtt.checkExposure(security);
        queues = queues == null ? List.of() : List.copyOf(queues);
        checkQueues(queues, storage);
        amqp.checkExposure(security);
    }

    /** Names are unique, and a durable queue needs the store, which only a local durability opens. */
    private static void checkQueues(List<QueueConfig> queues, StorageConfig storage) {
        Set<String> names = new HashSet<>();
        boolean store = storage.toDurabilityPolicy().usesStore();
        for (int i = 0; i < queues.size(); i++) {
            QueueConfig queue = queues.get(i);
            if (queue == null) {
                throw new InvalidValueException("queues[" + i + "]", "must be a mapping with at least a name");
            }
            if (!names.add(queue.name())) {
                throw new InvalidValueException("queues[" + i + "].name", "queue '" + queue.name()
                        + "' is declared twice");
            }
            if (Boolean.TRUE.equals(queue.durable()) && !store) {
                throw new InvalidValueException("queues[" + i + "].durable", "a durable queue needs the store:"
                        + " set storage.durability to local (or add a storage rule with durability local)");
            }
        }
    }

    /** The queues to declare at start, durable by default when {@code storage.durability} is local. */
    public List<QueueSpec> queueSpecs() {
        boolean storeByDefault = storage.durability() != Durability.VOLATILE;
        return queues.stream().map(q -> q.toSpec(storeByDefault)).toList();
    }
}
