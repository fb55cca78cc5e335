package dev.ota.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * A service under the production profile, as its container image starts it: with only the given environment
 * variables, over its own {@code application-production.yml} and {@code application.yml}.
 */
public final class ProductionProfileRun {

    private ProductionProfileRun() {}

    /** Starts (and at once stops) the application; a production check that refuses throws from here. */
    public static void start(Class<?> application, Map<String, Object> environmentVariables) {
        new SpringApplicationBuilder(application)
                .profiles("production")
                .properties(environmentVariables)
                .run()
                .close();
    }

    /** The environment the service's production check sees, without starting anything. */
    public static StandardEnvironment environment(Map<String, Object> environmentVariables) {
        var environment = new StandardEnvironment();
        var sources = environment.getPropertySources();
        sources.addFirst(new MapPropertySource("environment variables", environmentVariables));
        try {
            for (String file : List.of("application-production.yml", "application.yml")) {
                new YamlPropertySourceLoader()
                        .load(file, new ClassPathResource(file))
                        .forEach(sources::addLast);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return environment;
    }
}
