package io.switchboard.broker.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the broker config: defaults, then the YAML file, then environment overrides, then {@code --set}
 * overrides (the command line wins), bound strictly to {@link BrokerConfig}.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * @param file        the YAML config file
     * @param environment the process environment ({@code SWITCHBOARD_SECTION__KEY=value} entries are overrides)
     * @param sets        the arguments of every {@code --set key=value}, in order
     */
    public static BrokerConfig load(Path file, Map<String, String> environment, List<String> sets)
            throws ConfigException {
        YamlFile yaml = YamlFile.read(file);
        List<ConfigOverride> overrides = new ArrayList<>(ConfigOverride.fromEnvironment(environment));
        for (String set : sets) {
            overrides.add(ConfigOverride.fromArgument(set));
        }
        return bind(yaml, overrides);
    }

    /** Binds a file already read plus overrides; for callers that hold the YAML text. */
    static BrokerConfig bind(YamlFile yaml, List<ConfigOverride> overrides) throws ConfigException {
        ObjectNode tree = ConfigBinder.defaultsTree();
        mergeFile(tree, yaml.tree());
        Map<String, Origin> origins = new HashMap<>(yaml.origins());
        for (ConfigOverride override : overrides) {
            apply(tree, origins, override);
        }
        return ConfigBinder.bind(tree, path -> originOf(origins, path));
    }

    private static void mergeFile(ObjectNode target, ObjectNode source) {
        for (Map.Entry<String, JsonNode> field : source.properties()) {
            JsonNode existing = target.get(field.getKey());
            JsonNode value = field.getValue();
            if (existing != null && existing.isObject() && value.isObject()) {
                mergeFile((ObjectNode) existing, (ObjectNode) value);
            } else if (!(existing != null && existing.isObject() && value.isNull())) {
                target.set(field.getKey(), value);
            }
        }
    }

    private static void apply(ObjectNode tree, Map<String, Origin> origins, ConfigOverride override) {
        String[] parts = override.path().split("\\.");
        ObjectNode node = tree;
        String path = "";
        for (int i = 0; i < parts.length - 1; i++) {
            path = KeyPaths.child(path, parts[i]);
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) {
                child = node.putObject(parts[i]);
                replaceOrigin(origins, path, override);
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], override.value());
        replaceOrigin(origins, override.path(), override);
    }

    /** The override now owns {@code path} and everything under it. */
    private static void replaceOrigin(Map<String, Origin> origins, String path, ConfigOverride override) {
        origins.keySet().removeIf(key -> key.equals(path) || key.startsWith(path + ".") || key.startsWith(path + "["));
        origins.put(path, Origin.of(override.where()));
    }

    private static Origin originOf(Map<String, Origin> origins, String path) {
        for (String p = path; ; p = KeyPaths.parent(p)) {
            Origin origin = origins.get(p);
            if (origin != null) {
                return origin;
            }
            if (p.isEmpty()) {
                return Origin.of("defaults");
            }
        }
    }
}
