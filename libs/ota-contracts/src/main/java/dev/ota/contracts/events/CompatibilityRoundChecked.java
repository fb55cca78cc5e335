package dev.ota.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The compatibility checks of one dispatch round (UNECE R156 7.1.1.7 evidence), in the round's transaction: how many
 * vehicles were checked and with what outcome, and every vehicle found compatible (and assigned in that round) with
 * the manifest it was judged against. Vehicles not assigned each get their own {@link CompatibilityChecked} with the
 * reasons. One record per round of up to a thousand vehicles keeps the evidence complete without doubling the records
 * dispatch sends. Campaign events topic, keyed by campaign id (see {@link CompatibilityChecked} for why).
 */
public record CompatibilityRoundChecked(
        UUID eventId,
        Instant occurredAt,
        UUID campaignId,
        int stage,
        int checked,
        int incompatible,
        int alreadyCurrent,
        List<CompatibleVehicle> compatibleVehicles)
        implements CampaignEvent {

    public CompatibilityRoundChecked {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
        Require.nonNegative(stage, "stage");
        Require.nonNegative(checked, "checked");
        Require.nonNegative(incompatible, "incompatible");
        Require.nonNegative(alreadyCurrent, "alreadyCurrent");
        compatibleVehicles = Require.list(compatibleVehicles);
    }

    @Override
    public String key() {
        return campaignId.toString();
    }

    /**
     * A vehicle found compatible, and the signed manifest it was judged against.
     *
     * @param manifestAt when that manifest was reported
     */
    public record CompatibleVehicle(String vin, @Nullable Instant manifestAt, boolean manifestVerified) {

        public CompatibleVehicle {
            Require.text(vin, "vin");
        }
    }
}
