package io.switchboard.broker.config;

/**
 * Section {@code logging}.
 *
 * @param level  threshold for every logger: trace, debug, info, warn or error
 * @param format text (one readable line per event) or json (one JSON object per line)
 */
public record LoggingConfig(LogLevel level, LogFormat format) {
    public static final LoggingConfig DEFAULTS = new LoggingConfig(LogLevel.INFO, LogFormat.TEXT);

    public LoggingConfig {
        InvalidValueException.required("level", level);
        InvalidValueException.required("format", format);
    }
}
