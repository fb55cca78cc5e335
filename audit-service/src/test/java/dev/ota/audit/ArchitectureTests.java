package dev.ota.audit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ArchitectureTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ota.audit");

    /**
     * Spring Modulith's rules for the service: each direct sub-package of {@code dev.ota.audit} is a module; modules
     * depend on each other without a cycle, and only on another module's base package (or a package it names as an
     * interface), never on the packages inside it.
     */
    @Test
    void modulesDependOnlyOnEachOthersApiAndNeverInACycle() {
        ApplicationModules.of(AuditServiceApplication.class).verify();
    }

    @Test
    void theOfflineVerifierAndTheWitnessNeedNeitherSpringNorTheServiceNorTheDatabase() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.ota.audit.merkle..",
                        "dev.ota.audit.note..",
                        "dev.ota.audit.bundle..",
                        "dev.ota.audit.witness..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "java.sql..",
                        "javax.sql..",
                        "dev.ota.platform..",
                        "dev.ota.audit.log..",
                        "dev.ota.audit.checkpoint..",
                        "dev.ota.audit.verify..",
                        "dev.ota.audit.export..",
                        "dev.ota.audit.query..",
                        "dev.ota.audit.proof..")
                .check(classes);
    }

    @Test
    void theLogDependsOnNoFeatureBuiltOnIt() {
        noClasses()
                .that()
                .resideInAPackage("dev.ota.audit.log..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.ota.audit.checkpoint..",
                        "dev.ota.audit.verify..",
                        "dev.ota.audit.export..",
                        "dev.ota.audit.query..",
                        "dev.ota.audit.proof..",
                        "dev.ota.audit.bundle..")
                .check(classes);
    }

    @Test
    void onlyWebControllersAndTheirFeatureUseTheExportAndQueryPackages() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.ota.audit.log..", "dev.ota.audit.checkpoint..", "dev.ota.audit.verify..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.ota.audit.export..", "dev.ota.audit.query..")
                .check(classes);
    }
}
