package dev.ota.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CampaignPlanTests {

    private final CampaignPlan plan = new CampaignPlan(
            "spring update",
            "tag==demo",
            List.of(DemoStory.TCU_2_0, DemoStory.BRAKE_2_0),
            List.of(
                    CampaignPlan.Stage.percent(10, Duration.ofSeconds(5)),
                    CampaignPlan.Stage.count(300, Duration.ofMinutes(1))),
            new CampaignPlan.Health(0.05, 20, 0.95, Duration.ofSeconds(15)),
            "ROLLBACK_FAILED_VEHICLES",
            6000,
            Duration.ofMinutes(10));

    @Test
    void definitionCarriesTheBundleOneImagePerHardwareId() {
        JsonNode images = json().path("bundle").path("images");

        assertThat(images).hasSize(2);
        assertThat(images.get(1).path("hardwareId").asString()).isEqualTo("hw-brake");
        assertThat(images.get(1).path("imageName").asString()).isEqualTo("brake-fw");
        assertThat(images.get(1).path("version").asString()).isEqualTo("2.0.0");
    }

    @Test
    void eachStageHasExactlyOneOfPercentAndCountWithItsSoakAsIsoDuration() {
        JsonNode stages = json().path("stages");

        assertThat(stages.get(0).path("percent").asDouble()).isEqualTo(10.0);
        assertThat(stages.get(0).has("count")).isFalse();
        assertThat(stages.get(1).path("count").asInt()).isEqualTo(300);
        assertThat(stages.get(1).has("percent")).isFalse();
        assertThat(stages.get(1).path("soakTime").asString()).isEqualTo("PT1M");
    }

    @Test
    void definitionTargetsByQueryAndCarriesCriteriaPolicyAndRateLimit() {
        JsonNode definition = json();

        assertThat(definition.path("target").path("type").asString()).isEqualTo("query");
        assertThat(definition.path("target").path("query").asString()).isEqualTo("tag==demo");
        assertThat(definition.path("healthCriteria").path("confidence").asDouble())
                .isEqualTo(0.95);
        assertThat(definition.path("rollbackPolicy").asString()).isEqualTo("ROLLBACK_FAILED_VEHICLES");
        assertThat(definition
                        .path("policies")
                        .path("rateLimit")
                        .path("maximumPerMinute")
                        .asInt())
                .isEqualTo(6000);
        assertThat(definition.path("policies").path("vehicleTimeout").asString())
                .isEqualTo("PT10M");
    }

    @Test
    void healthCriteriaCarryTheRequiredApplicationsPerHardwareId() {
        CampaignPlan requiring = new CampaignPlan(
                plan.name(),
                plan.targetQuery(),
                plan.bundle(),
                plan.stages(),
                new CampaignPlan.Health(
                        0.05,
                        20,
                        0.95,
                        Duration.ofSeconds(15),
                        List.of(new CampaignPlan.RequiredApplication("hw-tcu", "navigation"))),
                plan.rollbackPolicy(),
                plan.ratePerMinute(),
                plan.vehicleTimeout());

        JsonNode required = JsonMapper.builder()
                .build()
                .readTree(PlatformClient.toJson(requiring.definition()))
                .path("healthCriteria")
                .path("requiredApplications");

        assertThat(required).hasSize(1);
        assertThat(required.get(0).path("hardwareId").asString()).isEqualTo("hw-tcu");
        assertThat(required.get(0).path("name").asString()).isEqualTo("navigation");
        assertThat(json().path("healthCriteria").path("requiredApplications")).isEmpty();
    }

    private JsonNode json() {
        Map<String, Object> definition = plan.definition();
        return JsonMapper.builder().build().readTree(PlatformClient.toJson(definition));
    }
}
