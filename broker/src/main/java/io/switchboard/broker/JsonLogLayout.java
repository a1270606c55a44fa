package io.switchboard.broker;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * {@code logging.format: json}: one JSON object per line. Messages follow the {@code event key=value ...}
 * convention, so the first word becomes {@code event} and each {@code key=value} (value optionally in double
 * quotes) a string in {@code fields}; the whole text stays in {@code message}.
 */
final class JsonLogLayout extends LayoutBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String doLayout(ILoggingEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            json.writeStringField("level", event.getLevel().toString());
            String logger = event.getLoggerName();
            json.writeStringField("logger", logger.substring(logger.lastIndexOf('.') + 1));
            String message = event.getFormattedMessage();
            writeEventAndFields(json, message == null ? "" : message);
            json.writeStringField("message", message);
            IThrowableProxy error = event.getThrowableProxy();
            if (error != null) {
                json.writeStringField("error", ThrowableProxyUtil.asString(error));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append(CoreConstants.LINE_SEPARATOR).toString();
    }

    private static void writeEventAndFields(JsonGenerator json, String message) throws IOException {
        int space = message.indexOf(' ');
        String first = space < 0 ? message : message.substring(0, space);
        if (first.isEmpty() || first.contains("=")) {
            return; // not an "event key=value" line
        }
        json.writeStringField("event", first);
        json.writeObjectFieldStart("fields");
        int i = space < 0 ? message.length() : space + 1;
        while (i < message.length()) {
            int eq = message.indexOf('=', i);
            int nextSpace = message.indexOf(' ', i);
            if (eq < 0 || (nextSpace >= 0 && nextSpace < eq)) {
                i = nextSpace < 0 ? message.length() : nextSpace + 1; // a word without '=': skipped
                continue;
            }
            String key = message.substring(i, eq);
            int end;
            String value;
            if (eq + 1 < message.length() && message.charAt(eq + 1) == '"') {
                int close = message.indexOf('"', eq + 2);
                end = close < 0 ? message.length() : close + 1;
                value = message.substring(eq + 2, close < 0 ? message.length() : close);
            } else {
                int stop = message.indexOf(' ', eq + 1);
                end = stop < 0 ? message.length() : stop;
                value = message.substring(eq + 1, end);
            }
            json.writeStringField(key, value);
            i = end + 1;
        }
        json.writeEndObject();
    }
}
