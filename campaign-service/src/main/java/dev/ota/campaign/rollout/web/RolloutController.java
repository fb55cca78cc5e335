package dev.ota.campaign.rollout.web;

import dev.ota.campaign.campaigns.Campaign;
import dev.ota.campaign.rollout.CampaignVehicle;
import dev.ota.campaign.rollout.CompatibilityEvidence;
import dev.ota.campaign.rollout.DirectorOffers;
import dev.ota.campaign.rollout.DownloadSavings;
import dev.ota.campaign.rollout.Rollouts;
import dev.ota.campaign.rollout.StageView;
import dev.ota.campaign.rollout.VehicleStatus;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operating a campaign (FLEET_OPS): start, hold, resume, abort with a reason, advance; and its stages and vehicles. */
@RestController
@RequestMapping("/api/campaigns/{id}")
class RolloutController {

    private final Rollouts rollouts;
    private final DirectorOffers offers;

    RolloutController(Rollouts rollouts, DirectorOffers offers) {
        this.rollouts = rollouts;
        this.offers = offers;
    }

    @PostMapping("/start")
    @PreAuthorize("hasAnyRole('FLEET_OPS', 'ADMIN')")
    Campaign start(@PathVariable UUID id, @RequestBody(required = false) @Nullable Reason reason, Authentication who) {
        return rollouts.start(id, who.getName(), Reason.text(reason));
    }

    @PostMapping("/hold")
    @PreAuthorize("hasAnyRole('FLEET_OPS', 'ADMIN')")
    Campaign hold(@PathVariable UUID id, @RequestBody Reason reason, Authentication who) {
        return rollouts.hold(id, who.getName(), Reason.text(reason));
    }

    @PostMapping("/resume")
    @PreAuthorize("hasAnyRole('FLEET_OPS', 'ADMIN')")
    Campaign resume(@PathVariable UUID id, @RequestBody Reason reason, Authentication who) {
        return rollouts.resume(id, who.getName(), Reason.text(reason));
    }

    @PostMapping("/abort")
    @PreAuthorize("hasAnyRole('FLEET_OPS', 'ADMIN')")
    Campaign abort(@PathVariable UUID id, @RequestBody Reason reason, Authentication who) {
        return rollouts.abort(id, who.getName(), Reason.text(reason));
    }

    @PostMapping("/advance")
    @PreAuthorize("hasAnyRole('FLEET_OPS', 'ADMIN')")
    Campaign advance(
            @PathVariable UUID id, @RequestBody(required = false) @Nullable Reason reason, Authentication who) {
        return rollouts.advance(id, who.getName(), Reason.text(reason));
    }

    @GetMapping("/stages")
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'AUDITOR', 'ADMIN')")
    List<StageView> stages(@PathVariable UUID id) {
        return rollouts.stages(id);
    }

    @GetMapping("/vehicles")
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'AUDITOR', 'ADMIN')")
    List<CampaignVehicle> vehicles(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable VehicleStatus status,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        return rollouts.vehicles(id, status, limit, offset);
    }

    /** The compatibility checks made for this campaign (UNECE R156 7.1.1.7 evidence), newest first. */
    @GetMapping("/compatibility")
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'AUDITOR', 'ADMIN')")
    List<CompatibilityEvidence> compatibility(@PathVariable UUID id, @RequestParam(defaultValue = "100") int limit) {
        return rollouts.compatibility(id, limit);
    }

    @GetMapping("/failures")
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'AUDITOR', 'ADMIN')")
    Map<String, Map<String, Long>> failures(@PathVariable UUID id) {
        return rollouts.failures(id);
    }

    /**
     * What the campaign's vehicles download as the director offered it: vehicles offered a delta, bytes with the
     * deltas against bytes of the full images (docs/deltas.md).
     */
    @GetMapping("/downloads")
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'AUDITOR', 'ADMIN')")
    DownloadSavings downloads(@PathVariable UUID id) {
        return offers.of(id);
    }

    record Reason(@Nullable String reason) {

        static String text(@Nullable Reason reason) {
            return reason == null || reason.reason() == null ? "" : reason.reason();
        }
    }
}
