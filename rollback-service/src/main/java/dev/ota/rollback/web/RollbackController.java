package dev.ota.rollback.web;

import dev.ota.rollback.decision.ManualRollbacks;
import dev.ota.rollback.decision.RollbackHistory;
import dev.ota.rollback.decision.RollbackHistory.DecisionDetail;
import dev.ota.rollback.decision.RollbackHistory.DecisionSummary;
import dev.ota.rollback.fleet.FleetKnowledge;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Manual rollback, decision history, and explicit validation of rollback targets. */
@RestController
@RequestMapping("/api")
class RollbackController {

    private final ManualRollbacks manual;
    private final RollbackHistory history;
    private final FleetKnowledge fleet;

    RollbackController(ManualRollbacks manual, RollbackHistory history, FleetKnowledge fleet) {
        this.manual = manual;
        this.history = history;
        this.fleet = fleet;
    }

    /**
     * A manual rollback request.
     *
     * @param scope ROLLBACK_FAILED_VEHICLES, ROLLBACK_COHORT or ROLLBACK_STAGE
     * @param cohort for ROLLBACK_COHORT: all, hw:&lt;hardware id&gt; or model:&lt;model&gt;
     */
    record RollbackRequest(
            @NotNull UUID campaignId,
            @Min(0) int stage,

            @NotNull @Pattern(regexp = "ROLLBACK_FAILED_VEHICLES|ROLLBACK_COHORT|ROLLBACK_STAGE")
            String scope,

            @Nullable @Pattern(regexp = "all|hw:.+|model:.+")
            String cohort,

            @NotBlank @Size(max = 2000) String reason) {}

    record Validation(
            @NotBlank @Size(max = 2000) String targetPath,
            @NotBlank @Size(max = 2000) String note) {}

    @PostMapping("/rollbacks")
    @PreAuthorize("hasRole('FLEET_OPS')")
    ResponseEntity<Map<String, UUID>> rollBack(@Valid @RequestBody RollbackRequest request, Authentication who) {
        UUID id = manual.rollBack(
                request.campaignId(),
                request.stage(),
                request.scope(),
                request.cohort(),
                who.getName(),
                request.reason());
        return ResponseEntity.accepted()
                .location(URI.create("/api/rollbacks/" + id))
                .body(Map.of("decisionId", id));
    }

    @GetMapping("/rollbacks")
    @PreAuthorize("hasAnyRole('FLEET_OPS', 'RELEASE_ENGINEER', 'AUDITOR', 'ADMIN')")
    List<DecisionSummary> decisions(
            @RequestParam(required = false) @Nullable UUID campaignId,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return history.decisions(campaignId, limit);
    }

    @GetMapping("/rollbacks/{id}")
    @PreAuthorize("hasAnyRole('FLEET_OPS', 'RELEASE_ENGINEER', 'AUDITOR', 'ADMIN')")
    DecisionDetail decision(@PathVariable UUID id) {
        return history.decision(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no rollback decision " + id));
    }

    /** Marks an image as a validated rollback target (it passed an explicit rollback test). */
    @PutMapping("/validated-images")
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'ADMIN')")
    ResponseEntity<Void> validate(@Valid @RequestBody Validation validation, Authentication who) {
        fleet.validate(validation.targetPath(), who.getName(), validation.note());
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
