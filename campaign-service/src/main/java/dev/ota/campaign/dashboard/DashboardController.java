package dev.ota.campaign.dashboard;

import dev.ota.campaign.campaigns.Campaign;
import dev.ota.campaign.campaigns.Campaigns;
import dev.ota.campaign.rollout.Rollouts;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The dashboard's page and its session-authenticated JSON and event-stream endpoints. Actions go through the same
 * campaign and rollout services as the API, with the same role checks and four-eyes rule.
 */
@Controller
@RequestMapping("/dashboard")
class DashboardController {

    static final String READERS = "hasAnyRole('RELEASE_ENGINEER', 'FLEET_OPS', 'APPROVER', 'AUDITOR', 'ADMIN')";

    private final DashboardViews views;
    private final DashboardStream stream;
    private final Campaigns campaigns;
    private final Rollouts rollouts;

    DashboardController(DashboardViews views, DashboardStream stream, Campaigns campaigns, Rollouts rollouts) {
        this.views = views;
        this.stream = stream;
        this.campaigns = campaigns;
        this.rollouts = rollouts;
    }

    @GetMapping({"", "/"})
    String page() {
        return "forward:/dashboard/index.html";
    }

    /** Who is signed in, their roles, and the CSRF token the page must send with actions. */
    @GetMapping("/api/me")
    @ResponseBody
    Map<String, Object> me(Authentication who, HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        List<String> roles = who.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_"))
                .map(a -> a.substring(5))
                .sorted()
                .toList();
        return Map.of(
                "name",
                who.getName(),
                "roles",
                roles,
                "csrfHeader",
                csrf == null ? "X-CSRF-TOKEN" : csrf.getHeaderName(),
                "csrfToken",
                csrf == null ? "" : csrf.getToken());
    }

    @GetMapping("/api/campaigns")
    @ResponseBody
    @PreAuthorize(READERS)
    List<CampaignSummary> campaigns() {
        return views.list();
    }

    @GetMapping("/api/campaigns/{id}")
    @ResponseBody
    @PreAuthorize(READERS)
    CampaignSnapshot campaign(@PathVariable UUID id) {
        return views.snapshot(id);
    }

    @GetMapping(value = "/api/stream", produces = "text/event-stream")
    @ResponseBody
    @PreAuthorize(READERS)
    SseEmitter listStream() {
        return stream.list();
    }

    @GetMapping(value = "/api/campaigns/{id}/stream", produces = "text/event-stream")
    @ResponseBody
    @PreAuthorize(READERS)
    SseEmitter campaignStream(@PathVariable UUID id) {
        campaigns.get(id);
        return stream.campaign(id);
    }

    @PostMapping("/api/campaigns/{id}/approve")
    @ResponseBody
    @PreAuthorize("hasAnyRole('APPROVER', 'ADMIN')")
    Campaign approve(@PathVariable UUID id, @RequestBody @Nullable Reason reason, Authentication who) {
        return campaigns.approve(id, who.getName(), Reason.text(reason));
    }

    @PostMapping("/api/campaigns/{id}/reject")
    @ResponseBody
    @PreAuthorize("hasAnyRole('APPROVER', 'ADMIN')")
    Campaign reject(@PathVariable UUID id, @RequestBody @Nullable Reason reason, Authentication who) {
        return campaigns.reject(id, who.getName(), Reason.text(reason));
    }

    @PostMapping("/api/campaigns/{id}/start")
    @ResponseBody
    @PreAuthorize("hasAnyRole('FLEET_OPS', 'ADMIN')")
    Campaign start(@PathVariable UUID id, @RequestBody @Nullable Reason reason, Authentication who) {
        return rollouts.start(id, who.getName(), Reason.text(reason));
    }

    @PostMapping("/api/campaigns/{id}/hold")
    @ResponseBody
    @PreAuthorize("hasAnyRole('FLEET_OPS', 'ADMIN')")
    Campaign hold(@PathVariable UUID id, @RequestBody @Nullable Reason reason, Authentication who) {
        return rollouts.hold(id, who.getName(), Reason.text(reason));
    }

    @PostMapping("/api/campaigns/{id}/resume")
    @ResponseBody
    @PreAuthorize("hasAnyRole('FLEET_OPS', 'ADMIN')")
    Campaign resume(@PathVariable UUID id, @RequestBody @Nullable Reason reason, Authentication who) {
        return rollouts.resume(id, who.getName(), Reason.text(reason));
    }

    @PostMapping("/api/campaigns/{id}/abort")
    @ResponseBody
    @PreAuthorize("hasAnyRole('FLEET_OPS', 'ADMIN')")
    Campaign abort(@PathVariable UUID id, @RequestBody @Nullable Reason reason, Authentication who) {
        return rollouts.abort(id, who.getName(), Reason.text(reason));
    }

    @PostMapping("/api/campaigns/{id}/advance")
    @ResponseBody
    @PreAuthorize("hasAnyRole('FLEET_OPS', 'ADMIN')")
    Campaign advance(@PathVariable UUID id, @RequestBody @Nullable Reason reason, Authentication who) {
        return rollouts.advance(id, who.getName(), Reason.text(reason));
    }

    record Reason(@Nullable String reason) {

        static String text(@Nullable Reason reason) {
            return reason == null || reason.reason() == null ? "" : reason.reason();
        }
    }
}
