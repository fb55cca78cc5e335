package dev.ota.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** The gateway's features stay apart: uplink and downlink share only the MQTT connection; only the mqtt package builds the broker connection. */
class ModularityTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ota.gateway");

    /**
     * Spring Modulith's rules for the service: each direct sub-package of {@code dev.ota.gateway} is a module; modules
     * depend on each other without a cycle, and only on another module's base package (or a package it names as an
     * interface), never on the packages inside it.
     */
    @Test
    void modulesDependOnlyOnEachOthersApiAndNeverInACycle() {
        ApplicationModules.of(DeviceGatewayApplication.class).verify();
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
