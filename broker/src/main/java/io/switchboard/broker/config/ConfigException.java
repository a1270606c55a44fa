package io.switchboard.broker.config;

/**
 * A config file or override that cannot be used. The message is one line meant for the operator, starting
 * with where the problem is: {@code conf/switchboard.yaml:12:3: unknown key 'mqtt.prot' (did you mean 'port'?)}
 * or {@code --set mqtt.port=x: ...}.
 */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
