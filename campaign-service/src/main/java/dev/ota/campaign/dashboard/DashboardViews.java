package dev.ota.campaign.dashboard;

import dev.ota.campaign.campaigns.Campaigns;
import dev.ota.campaign.rollout.DirectorOffers;
import dev.ota.campaign.rollout.Rollouts;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Builds the dashboard's views from the campaign and rollout features. */
@Component
class DashboardViews {

    private final Campaigns campaigns;
    private final Rollouts rollouts;
    private final DirectorOffers offers;

    DashboardViews(Campaigns campaigns, Rollouts rollouts, DirectorOffers offers) {
        this.campaigns = campaigns;
        this.rollouts = rollouts;
        this.offers = offers;
    }

    List<CampaignSummary> list() {
        return campaigns.list(null).stream().map(CampaignSummary::of).toList();
    }

    CampaignSnapshot snapshot(UUID id) {
        return new CampaignSnapshot(
                campaigns.get(id),
                rollouts.stages(id),
                rollouts.failures(id),
                rollouts.health(id),
                campaigns.transitions(id),
                offers.of(id));
    }
}
