package dev.ota.simulator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** The fleet model is the core; MQTT, Uptane and the REST API plug into it and not into each other. */
class ModularityTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ota.simulator");

    /**
     * Spring Modulith's rules for the service: each direct sub-package of {@code dev.ota.simulator} is a module; modules
     * depend on each other without a cycle, and only on another module's base package (or a package it names as an
     * interface), never on the packages inside it.
     */
    @Test
    void modulesDependOnlyOnEachOthersApiAndNeverInACycle() {
        ApplicationModules.of(VehicleSimulatorApplication.class).verify();
    }

    @Test
    void theFleetKnowsNothingOfMqttTheRestApiOrTheUptaneAdapter() {
        noClasses()
                .that()
                .resideInAPackage("..simulator.fleet..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "..simulator.link..", "..simulator.control..", "..simulator.uptane..", "com.hivemq..")
                .check(CLASSES);
    }

    @Test
    void theMqttLinkDoesNotUseUptane() {
        noClasses()
                .that()
                .resideInAPackage("..simulator.link..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.ota.uptane..")
                .check(CLASSES);
    }
}
