package dev.ota.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The gateway's features stay apart: uplink and downlink share only the MQTT connection; only the mqtt package builds the broker connection. */
class ModularityTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ota.gateway");

    @Test
    void featuresDoNotDependOnEachOtherInCycles() {
        slices().matching("dev.ota.gateway.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void uplinkAndDownlinkDoNotReachIntoEachOther() {
        noClasses()
                .that()
                .resideInAPackage("..uplink..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..downlink..")
                .check(CLASSES);
        noClasses()
                .that()
                .resideInAPackage("..downlink..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..uplink..")
                .check(CLASSES);
    }

    /**
     * One MQTT connection, built in one place: features publish and subscribe through the shared client, never build
     * or configure a connection of their own (a second connection would carry its own identity and session).
     */
    @Test
    void onlyTheMqttPackageBuildsTheBrokerConnection() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.ota.gateway.mqtt..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("com.hivemq.client.mqtt.MqttClientSslConfig")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("com.hivemq.client.mqtt.mqtt5.Mqtt5Client")
                .check(CLASSES);
    }
}
