package dev.ota.campaign.campaigns;

import java.util.UUID;

/** No campaign with this id. */
public class CampaignNotFoundException extends RuntimeException {

    public CampaignNotFoundException(UUID id) {
        super("no campaign " + id);
    }
}
