package dev.ota.campaign.campaigns.web;

import dev.ota.campaign.campaigns.Campaign;
import dev.ota.campaign.campaigns.CampaignDefinition;
import dev.ota.campaign.campaigns.CampaignState;
import dev.ota.campaign.campaigns.Campaigns;
import dev.ota.campaign.campaigns.StagePlanReview;
import dev.ota.campaign.campaigns.Transition;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Campaign API: create drafts, submit, approve or reject (four-eyes), schedule, read. */
@RestController
@RequestMapping("/api/campaigns")
class CampaignController {

    private final Campaigns campaigns;

    CampaignController(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'ADMIN')")
    Campaign create(@RequestBody CampaignDefinition definition, Authentication who) {
        return campaigns.create(definition, who.getName());
    }

    /** Reviews a draft before it is created: what its stages can prove for the fleet its target matches now. */
    @PostMapping("/review")
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'ADMIN')")
    StagePlanReview review(@RequestBody CampaignDefinition definition) {
        return campaigns.review(definition);
    }

    /** The same review of a stored campaign, e.g. for its approver, against the fleet as it is now. */
    @GetMapping("/{id}/review")
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'AUDITOR', 'ADMIN')")
    StagePlanReview review(@PathVariable UUID id) {
        return campaigns.review(campaigns.get(id).definition());
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'AUDITOR', 'ADMIN')")
    List<Campaign> list(@RequestParam(required = false) @Nullable CampaignState state) {
        return campaigns.list(state);
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'AUDITOR', 'ADMIN')")
    Campaign get(@PathVariable UUID id) {
        return campaigns.get(id);
    }

    @GetMapping("/{id}/transitions")
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'AUDITOR', 'ADMIN')")
    List<Transition> transitions(@PathVariable UUID id) {
        campaigns.get(id);
        return campaigns.transitions(id);
    }

    @PostMapping("/{id}/submit")
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'ADMIN')")
    Campaign submit(@PathVariable UUID id, Authentication who) {
        return campaigns.submit(id, who.getName());
    }

    /** Approves; refused with 403 when the approver created the campaign. */
    @PostMapping("/{id}/approve")
    @PreAuthorize("hasAnyRole('APPROVER', 'ADMIN')")
    Campaign approve(
            @PathVariable UUID id, @RequestBody(required = false) @Nullable Remark remark, Authentication who) {
        return campaigns.approve(id, who.getName(), remark == null || remark.reason() == null ? "" : remark.reason());
    }

    @PostMapping("/{id}/reject")
    @PreAuthorize("hasAnyRole('APPROVER', 'ADMIN')")
    Campaign reject(@PathVariable UUID id, @RequestBody Remark remark, Authentication who) {
        return campaigns.reject(id, who.getName(), remark.reason() == null ? "" : remark.reason());
    }

    @PostMapping("/{id}/schedule")
    @PreAuthorize("hasAnyRole('FLEET_OPS', 'ADMIN')")
    Campaign schedule(@PathVariable UUID id, @RequestBody Schedule schedule, Authentication who) {
        return campaigns.schedule(id, schedule.startAt(), who.getName());
    }

    record Remark(@Nullable String reason) {}

    record Schedule(Instant startAt) {}
}
