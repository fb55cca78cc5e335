package dev.ota.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Validates manifest objects against the field lists of {@code manifest-schemas.yaml} (Kubernetes, Strimzi and
 * CloudNativePG kinds, written from their API references): the apiVersion of each kind, mandatory fields, the type of
 * every value, and no field the API does not have, so a misspelt field that {@code kubectl apply} might drop or the
 * operator ignore fails here.
 */
final class ManifestSchemas {

    /** In a node: unknown fields are allowed (free-form parts of an API). */
    private static final String OPEN = "*";

    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata");

    private final Map<String, Object> kinds;
    private final Object metadata;

    private ManifestSchemas(Map<String, Object> kinds, Object metadata) {
        this.kinds = kinds;
        this.metadata = metadata;
    }

    @SuppressWarnings("unchecked")
    static ManifestSchemas load() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(200);
        try (InputStream in = ManifestSchemas.class.getResourceAsStream("/manifest-schemas.yaml")) {
            Map<String, Object> root = new Yaml(options).load(in);
            Map<String, Object> definitions = (Map<String, Object>) root.get("definitions");
            return new ManifestSchemas((Map<String, Object>) root.get("kinds"), definitions.get("metadata"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every violation in one object, as {@code path: what is wrong}; empty when it matches its kind. */
    @SuppressWarnings("unchecked")
    List<String> violations(Map<String, Object> object) {
        List<String> violations = new ArrayList<>();
        Object kind = object.get("kind");
        if (!(kinds.get(String.valueOf(kind)) instanceof Map<?, ?> definition)) {
            violations.add("kind " + kind + " is not one the schemas know");
            return violations;
        }
        if (!String.valueOf(definition.get("apiVersion")).equals(object.get("apiVersion"))) {
            violations.add("apiVersion: " + object.get("apiVersion") + ", expected " + definition.get("apiVersion"));
        }
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("required", List.of("metadata"));
        shape.put("metadata", metadata);
        if (definition.containsKey("spec")) {
            shape.put("spec", definition.get("spec"));
        }
        if (definition.get("fields") instanceof Map<?, ?> fields) {
            shape.putAll((Map<String, Object>) fields);
        }
        Map<String, Object> body = new LinkedHashMap<>(object);
        body.keySet().removeIf(key -> TOP_LEVEL.contains(key) && !key.equals("metadata") || key.startsWith("__"));
        check("", body, shape, violations);
        return violations;
    }

    private static void check(String path, Object value, Object node, List<String> violations) {
        switch (node) {
            case String type -> checkType(path, value, type, violations);
            case List<?> items -> {
                if (!(value instanceof List<?> list)) {
                    violations.add(path + ": a list expected, found " + describe(value));
                    return;
                }
                for (int i = 0; i < list.size(); i++) {
                    check(path + "[" + i + "]", list.get(i), items.getFirst(), violations);
                }
            }
            case Map<?, ?> fields -> {
                if (!(value instanceof Map<?, ?> map)) {
                    violations.add(path + ": an object expected, found " + describe(value));
                    return;
                }
                if (fields.get("required") instanceof List<?> required) {
                    for (Object field : required) {
                        if (!map.containsKey(field)) {
                            violations.add(path + ": required field " + field + " missing");
                        }
                    }
                }
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    String key = String.valueOf(entry.getKey());
                    String here = path.isEmpty() ? key : path + "." + key;
                    if (fields.containsKey(key) && !key.equals("required")) {
                        check(here, entry.getValue(), fields.get(key), violations);
                    } else if (!fields.containsKey(OPEN)) {
                        violations.add(here + ": no such field");
                    }
                }
            }
            default -> throw new IllegalStateException("bad schema node at " + path + ": " + node);
        }
    }

    private static void checkType(String path, Object value, String type, List<String> violations) {
        boolean ok = switch (type) {
            case "any" -> true;
            case "string" -> value instanceof String;
            case "integer" -> value instanceof Integer || value instanceof Long;
            case "boolean" -> value instanceof Boolean;
            case "int-or-string" -> value instanceof Integer || value instanceof Long || value instanceof String;
            case "map" ->
                value instanceof Map<?, ?> map
                        && map.values().stream()
                                .allMatch(v -> v instanceof String || v instanceof Number || v instanceof Boolean);
            default -> throw new IllegalStateException("unknown type " + type + " at " + path);
        };
        if (!ok) {
            violations.add(path + ": " + type + " expected, found " + describe(value));
        }
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : value.getClass().getSimpleName() + " " + value;
    }
}
