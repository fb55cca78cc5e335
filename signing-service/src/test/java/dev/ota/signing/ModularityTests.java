package dev.ota.signing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Features stay apart: the offline ceremony never touches online keys or storage; features do not reach across. */
class ModularityTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ota.signing");

    /**
     * Spring Modulith's rules for the service: each direct sub-package of {@code dev.ota.signing} is a module; modules
     * depend on each other without a cycle, and only on another module's base package (or a package it names as an
     * interface), never on the packages inside it.
     */
    @Test
    void modulesDependOnlyOnEachOthersApiAndNeverInACycle() {
        ApplicationModules.of(SigningServiceApplication.class).verify();
    }

    @Test
    void theOfflineCeremonyNeedsNoServiceInfrastructure() {
        noClasses()
                .that()
                .resideInAPackage("..signing.ceremony..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "..signing.keys..",
                        "..signing.imagerepo..",
                        "..signing.director..",
                        "..signing.upload..",
                        "..signing.tuf..",
                        "org.springframework..")
                .check(classes);
    }

    @Test
    void keysDependOnNoOtherFeature() {
        noClasses()
                .that()
                .resideInAPackage("..signing.keys..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "..signing.imagerepo..", "..signing.director..", "..signing.upload..", "..signing.tuf..")
                .check(classes);
    }

    @Test
    void theDirectorDoesNotReachIntoUploadsOrTheWeb() {
        noClasses()
                .that()
                .resideInAPackage("..signing.director..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..signing.upload..", "..signing.web..", "org.springframework.web..")
                .check(classes);
    }

    @Test
    void theFleetCaIsAFeatureOfItsOwn() {
        noClasses()
                .that()
                .resideInAPackage("..signing.fleetca..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "..signing.keys..",
                        "..signing.imagerepo..",
                        "..signing.director..",
                        "..signing.upload..",
                        "..signing.tuf..",
                        "..signing.ceremony..")
                .check(classes);
        noClasses()
                .that()
                .resideOutsideOfPackage("..signing.fleetca..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..signing.fleetca..")
                .check(classes);
    }
}
