package dev.ota.campaign;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Keeps the service a small modulith: features talk through their root packages and never in a cycle. */
class ModularityTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.ota.campaign");

    private static final List<String> FEATURES =
            List.of("registry", "images", "targeting", "campaigns", "rollout", "policy", "dashboard", "config");

    /**
     * Spring Modulith's rules for the service: each direct sub-package of {@code dev.ota.campaign} is a module; modules
     * depend on each other without a cycle, and only on another module's base package (or a package it names as an
     * interface), never on the packages inside it.
     */
    @Test
    void modulesDependOnlyOnEachOthersApiAndNeverInACycle() {
        ApplicationModules.of(CampaignServiceApplication.class).verify();
    }

    @Test
    void adaptersOfAFeatureAreUsedOnlyInsideThatFeature() {
        for (String feature : FEATURES) {
            noClasses()
                    .that()
                    .resideOutsideOfPackage("dev.ota.campaign." + feature + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "dev.ota.campaign." + feature + ".web..", "dev.ota.campaign." + feature + ".messaging..")
                    .because("web and messaging adapters are a feature's internals")
                    .allowEmptyShould(true)
                    .check(CLASSES);
        }
    }

    @Test
    void policiesAndTheImageCatalogueDependOnNoOtherFeature() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.ota.campaign.policy..", "dev.ota.campaign.images..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.ota.campaign.registry..",
                        "dev.ota.campaign.targeting..",
                        "dev.ota.campaign.campaigns..",
                        "dev.ota.campaign.rollout..",
                        "dev.ota.campaign.dashboard..")
                .check(CLASSES);
    }

    @Test
    void onlyTheDashboardAndTheRolloutWebAdapterUseTheRolloutEngine() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.ota.campaign.registry..",
                        "dev.ota.campaign.targeting..",
                        "dev.ota.campaign.campaigns..",
                        "dev.ota.campaign.images..",
                        "dev.ota.campaign.policy..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.ota.campaign.rollout..")
                .check(CLASSES);
    }

    @Test
    void nothingButTheDashboardDependsOnTheDashboard() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.ota.campaign.dashboard..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.ota.campaign.dashboard..")
                .check(CLASSES);
    }
}
