package dev.ota.signing.fleetca;

import dev.ota.signing.SigningServiceApplication;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * A second signing-service on the same database, key store and Kafka as the test's: what another replica, or this one
 * after a restart, sees. Its consumers do not start (the test calls its beans), so it takes no partitions from the
 * test's instance.
 */
final class SecondInstance {

    /** The test's infrastructure (database, Kafka, tokens, ...) and its dynamic properties (keys, directories). */
    private static boolean copied(String propertySource) {
        return propertySource.equals("ota-real-infrastructure") || propertySource.startsWith("Dynamic");
    }

    private SecondInstance() {}

    static ConfigurableApplicationContext start(ConfigurableEnvironment first) {
        Map<String, Object> properties = new HashMap<>();
        for (PropertySource<?> source : first.getPropertySources()) {
            if (copied(source.getName()) && source instanceof EnumerablePropertySource<?> enumerable) {
                for (String key : enumerable.getPropertyNames()) {
                    String value = first.getProperty(key);
                    if (value != null) {
                        properties.putIfAbsent(key, value);
                    }
                }
            }
        }
        properties.put("server.port", "0");
        properties.put("spring.cloud.stream.bindings.directorAssignments-in-0.consumer.auto-startup", "false");
        properties.put("spring.cloud.stream.bindings.fleetCaRequests-in-0.consumer.auto-startup", "false");
        // as command-line arguments: default properties would lose to application.yml
        return new SpringApplicationBuilder(SigningServiceApplication.class)
                .run(properties.entrySet().stream()
                        .map(p -> "--" + p.getKey() + "=" + p.getValue())
                        .toArray(String[]::new));
    }
}
