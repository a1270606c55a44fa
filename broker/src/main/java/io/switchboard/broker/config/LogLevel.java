package io.switchboard.broker.config;

/** Threshold of the broker's log output (key {@code logging.level}). */
public enum LogLevel {
    TRACE, DEBUG, INFO, WARN, ERROR
}
