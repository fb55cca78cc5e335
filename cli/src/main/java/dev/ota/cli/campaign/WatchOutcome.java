package dev.ota.cli.campaign;

import dev.ota.cli.ExitCode;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a watched campaign's state means for the watcher: keep watching, or stop with an exit code. A campaign PAUSED by
 * the platform (a FAIL verdict, health-service or rollback-service) has failed: a person must decide. One held by a
 * person is still watched: it may be resumed.
 */
sealed interface WatchOutcome {

    /** Still underway, not started yet, or held by a person. */
    record Underway() implements WatchOutcome {}

    /** Finished or stopped; the watcher exits with {@code exitCode}. */
    record Settled(String outcome, int exitCode, String reason) implements WatchOutcome {}

    /** The services that pause a campaign when its vehicles fail. */
    java.util.Set<String> PLATFORM_ACTORS = java.util.Set.of("health-service", "rollback-service");

    static WatchOutcome of(CampaignSnapshot snapshot) {
        return of(snapshot.state(), snapshot.stages(), snapshot.pausedBy());
    }

    static WatchOutcome of(String state, JsonNode stages, String pausedBy) {
        return switch (state) {
            case "COMPLETED" -> new Settled("COMPLETED", ExitCode.OK, "every stage passed");
            case "ABORTED" -> new Settled("ABORTED", ExitCode.CAMPAIGN_FAILED, "the campaign was aborted");
            case "ROLLED_BACK" -> new Settled("ROLLED_BACK", ExitCode.CAMPAIGN_FAILED, "the campaign was rolled back");
            case "PAUSED" -> {
                JsonNode failed = failedStage(stages);
                if (failed == null && PLATFORM_ACTORS.contains(pausedBy)) {
                    yield new Settled("PAUSED_FOR_FAILURE", ExitCode.CAMPAIGN_FAILED, "paused by " + pausedBy);
                }
                yield failed == null
                        ? new Underway()
                        : new Settled(
                                "PAUSED_FOR_FAILURE",
                                ExitCode.CAMPAIGN_FAILED,
                                "paused after a FAIL verdict in stage "
                                        + failed.path("stage").asInt()
                                        + (failed.path("verdictDetail").isString()
                                                ? ": "
                                                        + failed.path("verdictDetail")
                                                                .asString()
                                                : ""));
            }
            default -> new Underway();
        };
    }

    private static @Nullable JsonNode failedStage(JsonNode stages) {
        for (JsonNode stage : stages) {
            if ("FAIL".equals(stage.path("verdict").asString(""))) {
                return stage;
            }
        }
        return null;
    }
}
