package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A campaign was created as a draft.
 *
 * @param rxswin the RXSWIN (UNECE R156 §7.1.1.4) the campaign's bundle declares, or null when it declares none; events
 *     published before this field existed read as null
 */
public record CampaignCreated(
        UUID eventId,
        Instant occurredAt,
        UUID campaignId,
        String name,
        String createdBy,
        int stageCount,
        String rollbackPolicy,
        @Nullable String rxswin)
        implements CampaignEvent {

    public CampaignCreated {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
        Require.text(name, "name");
        Require.text(createdBy, "createdBy");
        Require.nonNegative(stageCount, "stageCount");
        rollbackPolicy = rollbackPolicy == null || rollbackPolicy.isBlank() ? "PAUSE_ONLY" : rollbackPolicy;
        rxswin = rxswin == null || rxswin.isBlank() ? null : rxswin;
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}
