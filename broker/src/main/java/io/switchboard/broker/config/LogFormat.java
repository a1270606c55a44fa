package io.switchboard.broker.config;

/** Shape of each log line (key {@code logging.format}). */
public enum LogFormat {
    /** {@code time LEVEL Logger event key=value ...} */
    TEXT,
    /** One JSON object per line: time, level, logger, event, fields, message (and error when there is one). */
    JSON
}
