package dev.ota.launcher.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a release engineer decides for a campaign, turned into campaign-service's {@code CampaignDefinition} JSON.
 *
 * @param targetQuery the fleet query (RSQL), e.g. {@code tag==demo}
 * @param stages each stage's own share of the targeted vehicles; the last stage takes the rest
 * @param health the criteria each stage is judged by
 * @param rollbackPolicy PAUSE_ONLY, ROLLBACK_FAILED_VEHICLES, ROLLBACK_COHORT or ROLLBACK_STAGE
 * @param retry how vehicles whose install failed for a transient cause (the platform or the network) are tried again;
 *     {@link Retry#NONE} leaves them failed
 */
public record CampaignPlan(
        String name,
        String targetQuery,
        List<Release> bundle,
        List<Stage> stages,
        Health health,
        String rollbackPolicy,
        int ratePerMinute,
        Duration vehicleTimeout,
        Retry retry) {

    /** A plan whose vehicles are not tried again after a failure. */
    public CampaignPlan(
            String name,
            String targetQuery,
            List<Release> bundle,
            List<Stage> stages,
            Health health,
            String rollbackPolicy,
            int ratePerMinute,
            Duration vehicleTimeout) {
        this(name, targetQuery, bundle, stages, health, rollbackPolicy, ratePerMinute, vehicleTimeout, Retry.NONE);
    }

    /** The campaign's retry policy: at most {@code maxRetries} more attempts, waits growing from the initial one. */
    public record Retry(int maxRetries, Duration initialBackoff, double multiplier, Duration maxBackoff) {

        public static final Retry NONE = new Retry(0, Duration.ofMinutes(1), 2, Duration.ofHours(1));
    }

    /** A stage: a percentage or a count of the targeted vehicles, and how long it soaks once handed out. */
    public record Stage(@Nullable Double percent, @Nullable Integer count, Duration soak) {

        public static Stage percent(double percent, Duration soak) {
            return new Stage(percent, null, soak);
        }

        public static Stage count(int count, Duration soak) {
            return new Stage(null, count, soak);
        }
    }

    /**
     * The stage health criteria: the failure-rate bound, its confidence, the minimum sample, the vehicle soak, and the
     * applications that must stay UP on the ECUs of a hardware id.
     */
    public record Health(
            double maxFailureRate,
            int minSamples,
            double confidence,
            Duration soak,
            List<RequiredApplication> requiredApplications) {

        /** Criteria that require no named application. */
        public Health(double maxFailureRate, int minSamples, double confidence, Duration soak) {
            this(maxFailureRate, minSamples, confidence, soak, List.of());
        }
    }

    /** An application that must stay UP through the soak on the ECUs of one hardware id. */
    public record RequiredApplication(String hardwareId, String name) {}

    public Map<String, Object> definition() {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("name", name);
        definition.put("description", "staged rollout of " + bundle);
        definition.put("target", Map.of("type", "query", "query", targetQuery));
        definition.put("continuous", false);
        List<Map<String, Object>> images = new ArrayList<>();
        for (Release release : bundle) {
            images.add(Map.of(
                    "hardwareId",
                    release.hardwareId(),
                    "imageName",
                    release.imageName(),
                    "version",
                    release.version(),
                    "requires",
                    List.of()));
        }
        definition.put("bundle", Map.of("images", images));
        List<Map<String, Object>> plan = new ArrayList<>();
        for (Stage stage : stages) {
            Map<String, Object> step = new LinkedHashMap<>();
            if (stage.percent() != null) {
                step.put("percent", stage.percent());
            } else {
                step.put("count", stage.count());
            }
            step.put("minVehicles", 0);
            step.put("soakTime", stage.soak().toString());
            step.put("autoAdvance", true);
            plan.add(step);
        }
        definition.put("stages", plan);
        definition.put(
                "healthCriteria",
                Map.of(
                        "maxFailureRate", health.maxFailureRate(),
                        "minSamples", health.minSamples(),
                        "confidence", health.confidence(),
                        "soakTime", health.soak().toString(),
                        "maxDtcDelta", 5,
                        "requiredApplications",
                                health.requiredApplications().stream()
                                        .map(r -> Map.of("hardwareId", r.hardwareId(), "name", r.name()))
                                        .toList()));
        definition.put("rollbackPolicy", rollbackPolicy);
        Map<String, Object> policies = new LinkedHashMap<>();
        policies.put(
                "rateLimit", Map.of("maximumPerMinute", ratePerMinute, "incrementFactor", 2.0, "incrementEvery", 1));
        policies.put("preconditions", Map.of("requireParked", false, "minBatteryPercent", 0, "consentRequired", false));
        policies.put("vehicleTimeout", vehicleTimeout.toString());
        policies.put(
                "retry",
                Map.of(
                        "maxRetries", retry.maxRetries(),
                        "initialBackoff", retry.initialBackoff().toString(),
                        "multiplier", retry.multiplier(),
                        "maxBackoff", retry.maxBackoff().toString()));
        definition.put("policies", policies);
        return definition;
    }
}
