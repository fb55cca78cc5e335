package dev.ota.cli.campaign;

import dev.ota.cli.OutputOption;
import dev.ota.cli.platform.PlatformApi;
import dev.ota.cli.platform.Service;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A campaign as it is now: its record, its stages with their vehicle counts and verdicts, and, when it is paused, who
 * paused it.
 *
 * @param pausedBy the actor of the last transition to PAUSED (a person, health-service, rollback-service); empty when
 *     the campaign is not paused
 */
record CampaignSnapshot(JsonNode campaign, JsonNode stages, String pausedBy) {

    static CampaignSnapshot fetch(PlatformApi api, UUID id) {
        JsonNode campaign = api.get(Service.CAMPAIGN, "/api/campaigns/" + id);
        JsonNode stages = api.get(Service.CAMPAIGN, "/api/campaigns/" + id + "/stages");
        String pausedBy = "";
        if ("PAUSED".equals(campaign.path("state").asString())) {
            for (JsonNode transition : api.get(Service.CAMPAIGN, "/api/campaigns/" + id + "/transitions")) {
                if ("PAUSED".equals(transition.path("to").asString())) {
                    pausedBy = transition.path("actor").asString();
                }
            }
        }
        return new CampaignSnapshot(campaign, stages, pausedBy);
    }

    String state() {
        return campaign.path("state").asString();
    }

    ObjectNode toJson() {
        ObjectNode json = OutputOption.mapper().createObjectNode();
        json.put("id", campaign.path("id").asString());
        json.put("name", campaign.path("definition").path("name").asString());
        json.put("state", state());
        json.set("stages", stages);
        return json;
    }

    /** The state, then one line per stage: {@code stage 1/3 PASSED PASS (20 planned: 20 succeeded)}. */
    String describe() {
        StringJoiner text = new StringJoiner("\n");
        text.add("campaign " + campaign.path("id").asString() + " \""
                + campaign.path("definition").path("name").asString() + "\": " + state());
        for (JsonNode stage : stages) {
            text.add("  " + stageLine(stage, stages.size()));
        }
        return text.toString();
    }

    /** One line per stage, with the counts that are not zero and the verdict when there is one. */
    static String stageLine(JsonNode stage, int stageCount) {
        Map<String, Long> counts = new TreeMap<>();
        stage.path("vehicles")
                .properties()
                .forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        StringJoiner numbers = new StringJoiner(", ");
        counts.forEach((status, count) -> {
            if (count > 0) {
                numbers.add(count + " " + status.toLowerCase(java.util.Locale.ROOT));
            }
        });
        String verdict =
                stage.path("verdict").isString() ? " " + stage.path("verdict").asString() : "";
        String verdictDetail = stage.path("verdictDetail").isString()
                ? " - " + stage.path("verdictDetail").asString()
                : "";
        String detail = verdict.contains("INSUFFICIENT_DATA")
                ? verdictDetail + " - the stage cannot prove its health on its own: a person decides (ota campaign"
                        + " advance, hold or abort)"
                : verdict.contains("FAIL") ? verdictDetail : "";
        return "stage " + stage.path("stage").asInt() + "/" + stageCount + " "
                + stage.path("state").asString()
                + verdict + " (" + stage.path("planned").asInt() + " planned"
                + (numbers.length() == 0 ? "" : ": " + numbers) + ")" + detail;
    }
}
