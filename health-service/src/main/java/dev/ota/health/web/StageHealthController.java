package dev.ota.health.web;

import dev.ota.health.verdict.StageHealthQueries;
import dev.ota.health.verdict.StageHealthQueries.FailureCount;
import dev.ota.health.verdict.StageHealthQueries.StageHealth;
import dev.ota.health.verdict.StageHealthQueries.TimelinePoint;
import dev.ota.health.verdict.StageHealthQueries.VerdictRecord;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** A stage's health, readable by the people who run, build and audit campaigns. */
@RestController
@RequestMapping("/api/health/campaigns/{campaignId}/stages/{stage}")
@PreAuthorize("hasAnyRole('FLEET_OPS', 'RELEASE_ENGINEER', 'AUDITOR', 'ADMIN')")
class StageHealthController {

    private final StageHealthQueries queries;

    StageHealthController(StageHealthQueries queries) {
        this.queries = queries;
    }

    /** Counters, bounds and last verdict per cohort ("all", "hw:&lt;id&gt;", "model:&lt;name&gt;"). */
    @GetMapping
    StageHealth now(@PathVariable UUID campaignId, @PathVariable @Min(0) int stage) {
        return queries.now(campaignId, stage)
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "no health data for stage " + stage + " of campaign " + campaignId));
    }

    /** Finished outcomes per minute for one cohort. */
    @GetMapping("/timeline")
    List<TimelinePoint> timeline(
            @PathVariable UUID campaignId,
            @PathVariable @Min(0) int stage,
            @RequestParam(defaultValue = "all") @Pattern(regexp = "all|hw:.+|model:.+") String cohort) {
        return queries.timeline(campaignId, stage, cohort);
    }

    /** Failures (and rejections) by reason and by the hardware id they were attributed to. */
    @GetMapping("/failures")
    List<FailureCount> failures(@PathVariable UUID campaignId, @PathVariable @Min(0) int stage) {
        return queries.failuresByReason(campaignId, stage);
    }

    /** Every verdict published for the stage, oldest first. */
    @GetMapping("/verdicts")
    List<VerdictRecord> verdicts(@PathVariable UUID campaignId, @PathVariable @Min(0) int stage) {
        return queries.verdicts(campaignId, stage);
    }
}
