package dev.ota.rollback;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ModularityTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ota.rollback");

    @Test
    void featuresDoNotDependOnEachOtherInCycles() {
        slices().matching("dev.ota.rollback.(*)..").should().beFreeOfCycles().check(classes);
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
