package dev.ota.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Campaign request bodies as a release engineer would post them. */
public final class CampaignRequests {

    private CampaignRequests() {}

    /** A campaign updating the brake ECU to the image, targeting the fleet's tag, with the given stage percents. */
    public static Map<String, Object> brakeUpdate(String tag, String imageName, String version, double... percents) {
        List<Map<String, Object>> stages = new ArrayList<>();
        for (double percent : percents) {
            stages.add(Map.of("percent", percent, "minVehicles", 0, "soakTime", "PT0S", "autoAdvance", true));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "brake " + version + " for " + tag);
        body.put("description", "fixes brake pressure warning");
        body.put("target", Map.of("type", "query", "query", "tag==" + tag));
        body.put("continuous", false);
        body.put(
                "bundle",
                Map.of(
                        "images",
                        List.of(Map.of(
                                "hardwareId",
                                Fleet.BRAKE,
                                "imageName",
                                imageName,
                                "version",
                                version,
                                "requires",
                                List.of())),
                        "rxswin",
                        "R79-BRK-" + version));
        body.put("stages", stages);
        body.put("rollbackPolicy", "ROLLBACK_COHORT");
        body.put("healthCriteria", healthCriteria(List.of()));
        body.put("policies", Map.of("rateLimit", Map.of("maximumPerMinute", 600000), "vehicleTimeout", "PT1H"));
        return body;
    }

    /** Health criteria of a small test fleet (5% at 95%, two samples, no soak), with these required applications. */
    public static Map<String, Object> healthCriteria(List<Map<String, String>> requiredApplications) {
        return Map.of(
                "maxFailureRate",
                0.05,
                "minSamples",
                2,
                "confidence",
                0.95,
                "soakTime",
                "PT0S",
                "maxDtcDelta",
                0,
                "requiredApplications",
                requiredApplications);
    }

    public static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(key, value);
        return copy;
    }
}
