package dev.ota.testsupport;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/** Turns {@link WithRealInfrastructure} into Spring properties; registered in {@code META-INF/spring.factories}. */
public final class RealInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY)
                .get(WithRealInfrastructure.class)
                .synthesize(annotation -> annotation.isPresent())
                .map(annotation -> new RealInfrastructureContextCustomizer(annotation.database()))
                .orElse(null);
    }
}
