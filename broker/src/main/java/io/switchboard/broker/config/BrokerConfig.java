package io.switchboard.broker.config;

/**
 * The whole broker configuration, bound from {@code conf/switchboard.yaml} (snake_case keys) plus overrides.
 * Every section has defaults: a missing key keeps its default.
 */
public record BrokerConfig(MqttConfig mqtt, AmqpConfig amqp, SessionConfig sessions, StorageConfig storage,
                           LoggingConfig logging, HttpConfig http, SysConfig sys, SecurityConfig security) {

    public static final BrokerConfig DEFAULTS = new BrokerConfig(MqttConfig.DEFAULTS, AmqpConfig.DEFAULTS,
            SessionConfig.DEFAULTS, StorageConfig.DEFAULTS, LoggingConfig.DEFAULTS, HttpConfig.DEFAULTS,
            SysConfig.DEFAULTS, SecurityConfig.DEFAULTS);

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
        amqp.checkExposure(security);
    }
}
