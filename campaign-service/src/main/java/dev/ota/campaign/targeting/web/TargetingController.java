package dev.ota.campaign.targeting.web;

import dev.ota.campaign.targeting.Segment;
import dev.ota.campaign.targeting.TargetPreview;
import dev.ota.campaign.targeting.TargetSelector;
import dev.ota.campaign.targeting.Targeting;
import dev.ota.campaign.targeting.UnknownSegmentException;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Targeting API: preview what a selector matches, and saved fleet segments. */
@RestController
@RequestMapping("/api")
@Validated
class TargetingController {

    private final Targeting targeting;

    TargetingController(Targeting targeting) {
        this.targeting = targeting;
    }

    /** How many vehicles match, by model and region, before a campaign is created. */
    @PostMapping("/targeting/preview")
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'ADMIN')")
    TargetPreview preview(@RequestBody TargetSelector selector) {
        return targeting.preview(selector);
    }

    @PostMapping("/segments")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'ADMIN')")
    Segment save(@RequestBody NewSegment segment, Authentication who) {
        return targeting.saveSegment(
                segment.name(),
                segment.query(),
                segment.description() == null ? "" : segment.description(),
                who.getName());
    }

    @GetMapping("/segments")
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'AUDITOR', 'ADMIN')")
    List<Segment> segments() {
        return targeting.segments();
    }

    @GetMapping("/segments/{name}")
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'AUDITOR', 'ADMIN')")
    Segment segment(@PathVariable String name) {
        return targeting.segment(name).orElseThrow(() -> new UnknownSegmentException(name));
    }

    record NewSegment(
            @NotBlank String name,
            @NotBlank String query,
            @Nullable String description) {}
}
