package io.switchboard.broker.config;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Dotted key paths ({@code mqtt.port}, {@code a.b[0]}) as used in error messages and origin maps. */
final class KeyPaths {
    private KeyPaths() {
    }

    static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** The path of the value a parser context is positioned on (the context's current name or index). */
    static String of(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                parts.addFirst(c.getCurrentName() == null ? "" : c.getCurrentName());
            } else {
                parts.addFirst("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            }
        }
        return join(parts);
    }

    static String of(List<JsonMappingException.Reference> references) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonMappingException.Reference reference : references) {
            parts.addLast(reference.getFieldName() != null ? reference.getFieldName()
                    : "[" + reference.getIndex() + "]");
        }
        return join(parts);
    }

    private static String join(Deque<String> parts) {
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            if (path.length() > 0 && !part.startsWith("[")) {
                path.append('.');
            }
            path.append(part);
        }
        return path.toString();
    }

    /** The node at a dotted path of {@code root} ({@code storage.rules[0].filter}), or a missing node. */
    static JsonNode find(JsonNode root, String path) {
        JsonNode node = root;
        if (path.isEmpty()) {
            return node;
        }
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            node = node.path(bracket < 0 ? part : part.substring(0, bracket));
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                node = node.path(Integer.parseInt(part.substring(bracket + 1, close)));
                bracket = part.indexOf('[', close);
            }
        }
        return node;
    }

    /** The parent path of a dotted path ("" for a top-level key). */
    static String parent(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }
}
