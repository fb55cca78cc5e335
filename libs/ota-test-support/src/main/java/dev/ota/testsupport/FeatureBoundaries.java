package dev.ota.testsupport;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.Optional;

/**
 * The package-by-feature rule of every service: {@code <root>.<feature>} is a feature's API, and its sub-packages
 * ({@code <root>.<feature>.web}, {@code .persistence}, {@code .messaging} ...) are its internals. A class may use
 * another feature's API, never its internals.
 */
public final class FeatureBoundaries {

    private FeatureBoundaries() {}

    /** Fails with every dependency that reaches into another feature's internals. */
    public static void verify(String rootPackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
        rule(rootPackage).check(classes);
    }

    static ArchRule rule(String rootPackage) {
        return ArchRuleDefinition.classes()
                .that()
                .resideInAPackage(rootPackage + "..")
                .should(new ArchCondition<JavaClass>("use other features only through their API package") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        Optional<String> originFeature = feature(rootPackage, origin.getPackageName());
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            String target = dependency.getTargetClass().getPackageName();
                            Optional<String> targetFeature = feature(rootPackage, target);
                            boolean internal = targetFeature.isPresent()
                                    && !target.equals(rootPackage + "." + targetFeature.get());
                            if (internal && !targetFeature.equals(originFeature)) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                })
                .allowEmptyShould(true);
    }

    private static Optional<String> feature(String rootPackage, String packageName) {
        if (!packageName.startsWith(rootPackage + ".")) {
            return Optional.empty();
        }
        String rest = packageName.substring(rootPackage.length() + 1);
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }
}
