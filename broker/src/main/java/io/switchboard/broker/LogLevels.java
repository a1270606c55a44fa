package io.switchboard.broker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.switchboard.broker.config.LogLevel;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies {@code logging.level} to the logging backend, and changes levels at run time (admin API). */
public final class LogLevels {
    private LogLevels() {
    }

    static void apply(LogLevel level) {
        set(Logger.ROOT_LOGGER_NAME, level);
    }

    /** Sets one logger's level ({@code ROOT} for every logger); false when the backend is not Logback. */
    public static boolean set(String loggerName, LogLevel level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(loggerName).setLevel(Level.toLevel(level.name()));
            return true;
        }
        return false;
    }

    /** A logger's effective level in lower case ({@code info}), or null when the backend is not Logback. */
    public static String effective(String loggerName) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            return context.getLogger(loggerName).getEffectiveLevel().toString().toLowerCase(Locale.ROOT);
        }
        return null;
    }
}
