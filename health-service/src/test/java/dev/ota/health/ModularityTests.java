package dev.ota.health;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ModularityTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ota.health");

    @Test
    void featuresDoNotDependOnEachOtherInCycles() {
        slices().matching("dev.ota.health.(*)..").should().beFreeOfCycles().check(classes);
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
