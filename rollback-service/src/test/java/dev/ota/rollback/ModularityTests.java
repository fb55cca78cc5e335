package dev.ota.rollback;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ota.rollback");

    /**
     * Spring Modulith's rules for the service: each direct sub-package of {@code dev.ota.rollback} is a module; modules
     * depend on each other without a cycle, and only on another module's base package (or a package it names as an
     * interface), never on the packages inside it.
     */
    @Test
    void modulesDependOnlyOnEachOthersApiAndNeverInACycle() {
        ApplicationModules.of(RollbackServiceApplication.class).verify();
    }

    @Test
    void fleetKnowledgeKnowsNothingOfDecisions() {
        noClasses()
                .that()
                .resideInAPackage("..rollback.fleet..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..rollback.decision..", "..rollback.web..")
                .check(classes);
    }

    @Test
    void nothingButTheWebAdapterDependsOnIt() {
        noClasses()
                .that()
                .resideOutsideOfPackage("..rollback.web..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..rollback.web..")
                .check(classes);
    }
}
