package dev.ota.campaign.dashboard;

import dev.ota.campaign.campaigns.Campaign;
import dev.ota.campaign.campaigns.CampaignDefinition;
import dev.ota.campaign.campaigns.Campaigns;
import dev.ota.campaign.campaigns.StagePlanReview;
import dev.ota.campaign.images.ImageCatalogue;
import dev.ota.campaign.images.SignedImage;
import dev.ota.campaign.targeting.TargetPreview;
import dev.ota.campaign.targeting.TargetSelector;
import dev.ota.campaign.targeting.Targeting;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard's campaign authoring: the signed images a bundle can name, the live count of a target while it is
 * typed, what the draft's stages can prove (and, for the approver, a stored campaign's), creating a draft and
 * submitting it for approval. Same services, roles and validation as the bearer API
 * ({@code /api/campaigns}, {@code /api/targeting/preview}), reached with the browser session and its CSRF token.
 */
@RestController
@RequestMapping("/dashboard/api")
class DashboardAuthoringController {

    static final String AUTHORS = "hasAnyRole('RELEASE_ENGINEER', 'ADMIN')";
    static final String PREVIEWERS = "hasAnyRole('RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'ADMIN')";

    private final Campaigns campaigns;
    private final Targeting targeting;
    private final ImageCatalogue images;

    DashboardAuthoringController(Campaigns campaigns, Targeting targeting, ImageCatalogue images) {
        this.campaigns = campaigns;
        this.targeting = targeting;
        this.images = images;
    }

    /** Images a bundle may name: signed and not revoked. */
    @GetMapping("/images")
    @PreAuthorize(AUTHORS)
    List<SignedImage> bundleImages() {
        return images.all().stream().filter(image -> !image.revoked()).toList();
    }

    @PostMapping("/targeting/preview")
    @PreAuthorize(PREVIEWERS)
    TargetPreview targetCount(@RequestBody TargetSelector selector) {
        return targeting.preview(selector);
    }

    /** What the draft's stages can prove, while it is written. */
    @PostMapping("/campaigns/review")
    @PreAuthorize(AUTHORS)
    StagePlanReview reviewDraft(@RequestBody CampaignDefinition definition) {
        return campaigns.review(definition);
    }

    /** What a stored campaign's stages can prove on the fleet as it is now, for its approver. */
    @GetMapping("/campaigns/{id}/review")
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'AUDITOR', 'ADMIN')")
    StagePlanReview review(@PathVariable UUID id) {
        return campaigns.review(campaigns.get(id).definition());
    }

    @PostMapping("/campaigns")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(AUTHORS)
    Campaign createDraft(@RequestBody CampaignDefinition definition, Authentication who) {
        return campaigns.create(definition, who.getName());
    }

    @PostMapping("/campaigns/{id}/submit")
    @PreAuthorize(AUTHORS)
    Campaign submitDraft(@PathVariable UUID id, Authentication who) {
        return campaigns.submit(id, who.getName());
    }
}
