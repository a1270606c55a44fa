package io.switchboard.broker;

import ch.qos.logback.classic.Level;
import io.switchboard.broker.config.LogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies {@code logging.level} to the logging backend. */
final class LogLevels {
    private LogLevels() {
    }

    static void apply(LogLevel level) {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.toLevel(level.name()));
        }
    }
}
