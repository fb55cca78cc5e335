package dev.ota.campaign.dashboard;

import dev.ota.campaign.campaigns.Campaign;
import dev.ota.campaign.campaigns.Transition;
import dev.ota.campaign.rollout.DownloadSavings;
import dev.ota.campaign.rollout.HealthPoint;
import dev.ota.campaign.rollout.StageView;
import java.util.List;
import java.util.Map;

/** Everything the dashboard shows for one campaign, sent whole on every change. */
record CampaignSnapshot(
        Campaign campaign,
        List<StageView> stages,
        Map<String, Map<String, Long>> failures,
        List<HealthPoint> health,
        List<Transition> transitions,
        DownloadSavings downloads) {}
