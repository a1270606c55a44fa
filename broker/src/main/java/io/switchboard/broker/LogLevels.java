package io.switchboard.broker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import io.switchboard.broker.config.LogFormat;
import io.switchboard.broker.config.LogLevel;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging.level} and {@code logging.format} to the logging backend, and changes levels at run time
 * (admin API).
 */
public final class LogLevels {
    private LogLevels() {
    }

    static void apply(LogLevel level) {
        set(Logger.ROOT_LOGGER_NAME, level);
    }

    /** Switches the stdout appender of {@code logback.xml} to JSON lines; false when there is nothing to switch. */
    static boolean apply(LogFormat format) {
        if (format != LogFormat.JSON || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return false;
        }
        Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        if (!(appender instanceof OutputStreamAppender<ILoggingEvent> stdout)) {
            return false;
        }
        JsonLogLayout layout = new JsonLogLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        stdout.stop();
        stdout.setEncoder(encoder);
        stdout.start();
        return true;
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
