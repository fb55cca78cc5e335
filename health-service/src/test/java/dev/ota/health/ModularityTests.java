package dev.ota.health;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ota.health");

    /**
     * Spring Modulith's rules for the service: each direct sub-package of {@code dev.ota.health} is a module; modules
     * depend on each other without a cycle, and only on another module's base package (or a package it names as an
     * interface), never on the packages inside it.
     */
    @Test
    void modulesDependOnlyOnEachOthersApiAndNeverInACycle() {
        ApplicationModules.of(HealthServiceApplication.class).verify();
    }

    @Test
    void verdictsKnowNothingOfHowOutcomesAreTrackedOrServed() {
        noClasses()
                .that()
                .resideInAPackage("..health.verdict..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..health.outcome..", "..health.web..")
                .check(classes);
    }

    @Test
    void nothingButTheWebAdapterDependsOnIt() {
        noClasses()
                .that()
                .resideOutsideOfPackage("..health.web..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..health.web..")
                .check(classes);
    }
}
