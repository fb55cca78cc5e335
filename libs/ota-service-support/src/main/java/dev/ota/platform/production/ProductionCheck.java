package dev.ota.platform.production;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * A service's list of what the production profile requires, checked before the application context is refreshed, so
 * that a missing key is reported together with every other missing input instead of as the first bean or condition
 * that happens to fail on it.
 *
 * <p>A service subclasses it and registers the subclass in its {@code META-INF/spring.factories} as an {@code
 * org.springframework.context.ApplicationContextInitializer}; it does nothing unless the production profile is
 * active. Each problem is one sentence naming the environment variable (and property) or file that is missing.
 */
public abstract class ProductionCheck implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The database settings every service with a database needs, by property, with their environment variable. */
    protected static final Map<String, String> DATABASE = Map.of(
            "spring.datasource.url", "OTA_DB_URL",
            "spring.datasource.username", "OTA_DB_USER",
            "spring.datasource.password", "OTA_DB_PASSWORD");

    @Override
    public final void initialize(ConfigurableApplicationContext context) {
        Environment environment = context.getEnvironment();
        if (!ProductionProfile.isActive(environment)) {
            return;
        }
        List<String> problems = new ArrayList<>(problems(environment, Binder.get(environment)));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start under the production profile: "
                    + String.join("; ", problems) + " (see docs/runbook.md, \"Production profile\")");
        }
    }

    /** Everything missing or not allowed in production, one sentence each; empty when the service may start. */
    protected abstract List<String> problems(Environment environment, Binder binder);

    /** One problem naming every unset setting of {@code settings} (property to environment variable), if any. */
    protected static void requireSettings(
            Environment environment, String what, Map<String, String> settings, List<String> problems) {
        List<String> unset = settings.entrySet().stream()
                .filter(setting -> setting(environment, setting.getKey()) == null)
                .map(setting -> setting.getValue() + " (" + setting.getKey() + ")")
                .sorted()
                .toList();
        if (!unset.isEmpty()) {
            problems.add("no " + what + ": set " + String.join(", ", unset));
        }
    }

    /**
     * The value of a setting that has no default under the production profile, or null when it is unset, blank or a
     * placeholder naming an unset environment variable.
     */
    protected static @Nullable String setting(Environment environment, String property) {
        try {
            String value = environment.getProperty(property);
            return value == null || value.isBlank() ? null : value;
        } catch (IllegalArgumentException unresolvablePlaceholder) {
            return null;
        }
    }
}
