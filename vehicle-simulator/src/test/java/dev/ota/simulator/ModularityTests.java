package dev.ota.simulator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The fleet model is the core; MQTT, Uptane and the REST API plug into it and not into each other. */
class ModularityTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ota.simulator");

    @Test
    void featuresAreFreeOfCycles() {
        slices().matching("dev.ota.simulator.(*)..").should().beFreeOfCycles().check(CLASSES);
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
