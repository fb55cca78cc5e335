package dev.ota.contracts.events;

import dev.ota.contracts.Topics;
import java.util.UUID;

/**
 * Campaign lifecycle events and the campaign's compatibility evidence, keyed by campaign id. Every one carries its
 * campaign id.
 */
public sealed interface CampaignEvent extends OtaEvent
        permits CampaignCreated,
                CampaignApproved,
                StageStarted,
                StageCompleted,
                CampaignPaused,
                CampaignResumed,
                CampaignAborted,
                CampaignCompleted,
                CampaignSubmitted,
                CampaignRejected,
                CampaignScheduled,
                CampaignRolledBack,
                CompatibilityChecked,
                CompatibilityRoundChecked {

    UUID campaignId();

    @Override
    default String topic() {
        return Topics.CAMPAIGN_EVENTS;
    }
}
