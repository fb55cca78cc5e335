package dev.ota.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One vehicle checked against its last signed manifest right before assignment and NOT assigned (UNECE R156 7.1.1.7
 * evidence): {@code outcome} is {@code INCOMPATIBLE} (the bundle must not go to this vehicle; {@code reasons} name the
 * ECU or dependency at fault, one entry each) or {@code ALREADY_CURRENT} (every addressed ECU already runs its image).
 * Vehicles found compatible are not sent one by one: they are listed, with the manifest each was judged against, in
 * the round's {@link CompatibilityRoundChecked}, so dispatch does not send two records per assigned vehicle.
 *
 * <p>It travels on the campaign events topic, keyed by campaign id, not on the assignments topic keyed by VIN: it is
 * the campaign's decision record, ordered with the campaign's other events (a check is always seen before the pause or
 * abort that followed it), and the assignments topic is the command stream the director, the gateway and the health
 * service read on the dispatch hot path; they have no use for it. The VIN is a field, for readers that index by vehicle.
 *
 * @param manifestAt when the manifest the vehicle was judged against was reported; {@code null} when it has none
 * @param manifestVerified whether that manifest's signature was verified against the vehicle's primary key
 */
public record CompatibilityChecked(
        UUID eventId,
        Instant occurredAt,
        UUID campaignId,
        String vin,
        int stage,
        boolean compatible,
        String outcome,
        List<String> reasons,
        @Nullable Instant manifestAt,
        boolean manifestVerified)
        implements CampaignEvent {

    public CompatibilityChecked {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
        Require.text(vin, "vin");
        Require.nonNegative(stage, "stage");
        Require.text(outcome, "outcome");
        reasons = Require.list(reasons);
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}
