package dev.ota.contracts.events;

import dev.ota.contracts.Topics;

/** Campaign lifecycle events, keyed by campaign id. */
public sealed interface CampaignEvent extends OtaEvent
        permits CampaignCreated,
                CampaignApproved,
                StageStarted,
                StageCompleted,
                CampaignPaused,
                CampaignResumed,
                CampaignAborted,
                CampaignCompleted {

    @Override
    default String topic() {
        return Topics.CAMPAIGN_EVENTS;
    }
}
