package dev.ota.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The environment variables a service cannot start without under the production profile: every {@code ${NAME}}
 * without a default in its {@code application.yml}, its {@code application-production.yml} and the shared {@code
 * ota-platform-defaults.yml}, leaving out documents activated only for other profiles (e.g. {@code local | default}).
 */
final class ProductionSettings {

    /** An environment variable without a default: {@code ${OTA_DB_URL}}, not {@code ${OTA_PORT:8081}}. */
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

    private static final String SHARED = "libs/ota-service-support/src/main/resources/ota-platform-defaults.yml";

    private ProductionSettings() {}

    static Set<String> of(Path repository, String service) throws IOException {
        Path resources = repository.resolve(service).resolve("src/main/resources");
        Set<String> required = new TreeSet<>();
        for (Path file : List.of(
                repository.resolve(SHARED),
                resources.resolve("application.yml"),
                resources.resolve("application-production.yml"))) {
            if (!Files.exists(file)) {
                continue;
            }
            try (Reader reader = Files.newBufferedReader(file)) {
                for (Object document : new Yaml(new LoaderOptions()).loadAll(reader)) {
                    if (document instanceof Map<?, ?> map && appliesToProduction(map)) {
                        collect(map, required);
                    }
                }
            }
        }
        return required;
    }

    private static boolean appliesToProduction(Map<?, ?> document) {
        Object flat = document.get("spring.config.activate.on-profile");
        Object nested = document.get("spring") instanceof Map<?, ?> spring
                        && spring.get("config") instanceof Map<?, ?> config
                        && config.get("activate") instanceof Map<?, ?> activate
                ? activate.get("on-profile")
                : null;
        Object profiles = flat != null ? flat : nested;
        return profiles == null || String.valueOf(profiles).contains("production");
    }

    private static void collect(Object node, Set<String> required) {
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(value -> collect(value, required));
        } else if (node instanceof List<?> list) {
            list.forEach(value -> collect(value, required));
        } else if (node instanceof String text) {
            Matcher placeholder = REQUIRED.matcher(text);
            while (placeholder.find()) {
                required.add(placeholder.group(1));
            }
        }
    }
}
