package io.switchboard.broker.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One key set outside the file: {@code --set mqtt.port=1884} on the command line, or an environment variable
 * {@code SWITCHBOARD_MQTT__PORT=1884} (prefix {@code SWITCHBOARD_}, levels separated by a double underscore,
 * single underscores kept as part of the snake_case key, case-insensitive). The value is text that is
 * converted to the key's type like a YAML scalar; {@code null} unsets an optional key.
 *
 * @param path  dotted key path, e.g. {@code mqtt.websocket_port}
 * @param value the value as a tree node (text or null)
 * @param where the source, used as the prefix of error messages
 */
record ConfigOverride(String path, JsonNode value, String where) {
    static final String ENV_PREFIX = "SWITCHBOARD_";
    static final String ENV_LEVEL_SEPARATOR = "__";
    private static final Pattern KEY_PATH = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");

    /** Parses the argument of one {@code --set}. */
    static ConfigOverride fromArgument(String argument) throws ConfigException {
        String where = "--set " + argument;
        int equals = argument.indexOf('=');
        if (equals < 0) {
            throw new ConfigException(where + ": expected key=value, e.g. --set mqtt.port=1884");
        }
        return create(argument.substring(0, equals).strip(), argument.substring(equals + 1), where);
    }

    /**
     * The overrides among the environment variables, in name order. Only names with the prefix and at least
     * one level separator are config keys, so {@code SWITCHBOARD_HOME} and the like are left alone.
     */
    static List<ConfigOverride> fromEnvironment(Map<String, String> environment) throws ConfigException {
        List<ConfigOverride> overrides = new ArrayList<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(environment).entrySet()) {
            String name = entry.getKey();
            if (name.startsWith(ENV_PREFIX) && name.contains(ENV_LEVEL_SEPARATOR)) {
                String path = name.substring(ENV_PREFIX.length()).toLowerCase(java.util.Locale.ROOT)
                        .replace(ENV_LEVEL_SEPARATOR, ".");
                overrides.add(create(path, entry.getValue(), "environment " + name + "=" + entry.getValue()));
            }
        }
        return overrides;
    }

    private static ConfigOverride create(String path, String text, String where) throws ConfigException {
        if (!KEY_PATH.matcher(path).matches()) {
            throw new ConfigException(where + ": '" + path + "' is not a key path (lower-case snake_case keys"
                    + " separated by dots, e.g. mqtt.port)");
        }
        String value = text.strip();
        JsonNode node = value.equals("null") ? JsonNodeFactory.instance.nullNode()
                : JsonNodeFactory.instance.textNode(value);
        return new ConfigOverride(path, node, where);
    }
}
