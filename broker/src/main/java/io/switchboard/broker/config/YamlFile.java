package io.switchboard.broker.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A config file read into a tree, with the line and column of every key and value so that binding errors
 * can point into the file.
 */
final class YamlFile {
    private static final YAMLMapper YAML = new YAMLMapper();

    private final ObjectNode tree;
    private final Map<String, Origin> origins;

    private YamlFile(ObjectNode tree, Map<String, Origin> origins) {
        this.tree = tree;
        this.origins = origins;
    }

    ObjectNode tree() {
        return tree;
    }

    /** Origins by dotted key path. */
    Map<String, Origin> origins() {
        return origins;
    }

    static YamlFile read(Path file) throws ConfigException {
        String name = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name + ": config file not found");
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot read config file: " + e.getMessage(), e);
        }
        return parse(name, bytes);
    }

    static YamlFile parse(String name, byte[] bytes) throws ConfigException {
        Map<String, Origin> origins = locate(name, bytes);
        JsonNode root;
        try {
            root = YAML.readTree(bytes);
        } catch (IOException e) {
            throw syntaxError(name, e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new YamlFile(JsonNodeFactory.instance.objectNode(), origins);
        }
        if (!root.isObject()) {
            throw new ConfigException(name + ":1:1: expected a mapping of sections (mqtt, sessions, ...) at the top"
                    + " level");
        }
        return new YamlFile((ObjectNode) root, origins);
    }

    private static Map<String, Origin> locate(String name, byte[] bytes) throws ConfigException {
        Map<String, Origin> origins = new HashMap<>();
        Map<String, String> keys = new HashMap<>();
        try (JsonParser parser = YAML.getFactory().createParser(bytes)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME) {
                    String path = KeyPaths.of(parser.getParsingContext());
                    String where = where(name, parser.currentTokenLocation());
                    if (keys.putIfAbsent(path, where) != null) {
                        throw new ConfigException(where + ": duplicate key '" + path + "' (first set at "
                                + keys.get(path) + ")");
                    }
                } else if (token != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY) {
                    boolean opens = token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY;
                    String path = KeyPaths.of(opens ? parser.getParsingContext().getParent()
                            : parser.getParsingContext());
                    String where = where(name, parser.currentTokenLocation());
                    origins.put(path, new Origin(keys.getOrDefault(path, where), where));
                }
            }
        } catch (IOException e) {
            throw syntaxError(name, e);
        }
        return origins;
    }

    private static String where(String name, JsonLocation location) {
        return name + ":" + location.getLineNr() + ":" + location.getColumnNr();
    }

    private static ConfigException syntaxError(String name, IOException e) {
        if (e instanceof JsonProcessingException processing && processing.getLocation() != null) {
            return new ConfigException(where(name, processing.getLocation()) + ": YAML syntax error: "
                    + oneLine(processing.getOriginalMessage()), e);
        }
        return new ConfigException(name + ": YAML syntax error: " + oneLine(e.getMessage()), e);
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "unreadable YAML";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
