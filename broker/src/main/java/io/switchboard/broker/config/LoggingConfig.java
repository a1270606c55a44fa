package io.switchboard.broker.config;

/**
 * Section {@code logging}.
 *
 * @param level threshold for every logger: trace, debug, info, warn or error
 */
public record LoggingConfig(LogLevel level) {
    public static final LoggingConfig DEFAULTS = new LoggingConfig(LogLevel.INFO);

    public LoggingConfig {
        InvalidValueException.required("level", level);
    }
}
