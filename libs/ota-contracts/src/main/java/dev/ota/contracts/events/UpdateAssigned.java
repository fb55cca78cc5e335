package dev.ota.contracts.events;

import dev.ota.contracts.MalformedEventException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A vehicle was assigned an update: one target image per ECU, and the conditions to install it under.
 *
 * @param rxswin the RXSWIN (UNECE R156 §7.1.1.4) the campaign's bundle declares, carried with each assignment so that a
 *     vehicle's register can be grouped by it; null when the campaign declares none or the event predates the field
 * @param seal campaign-service's signature over the assignment; the director signs nothing for an assignment without a
 *     valid one (null only before it is sealed)
 */
public record UpdateAssigned(
        UUID eventId,
        Instant occurredAt,
        String vin,
        UUID assignmentId,
        UUID campaignId,
        int stage,
        List<EcuTarget> targets,
        InstallConditions conditions,
        @Nullable String vehicleModel,
        @Nullable String rxswin,
        @Nullable AssignmentSeal seal)
        implements AssignmentEvent {

    /** An assignment not sealed yet. */
    public UpdateAssigned(
            UUID eventId,
            Instant occurredAt,
            String vin,
            UUID assignmentId,
            UUID campaignId,
            int stage,
            List<EcuTarget> targets,
            InstallConditions conditions,
            @Nullable String vehicleModel,
            @Nullable String rxswin) {
        this(
                eventId,
                occurredAt,
                vin,
                assignmentId,
                campaignId,
                stage,
                targets,
                conditions,
                vehicleModel,
                rxswin,
                null);
    }

    /** The same assignment with this seal. */
    public UpdateAssigned sealed(AssignmentSeal seal) {
        return new UpdateAssigned(
                eventId,
                occurredAt,
                vin,
                assignmentId,
                campaignId,
                stage,
                targets,
                conditions,
                vehicleModel,
                rxswin,
                seal);
    }

    public UpdateAssigned {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.present(assignmentId, "assignmentId");
        Require.present(campaignId, "campaignId");
        targets = Require.list(targets);
        if (targets.isEmpty()) {
            throw new MalformedEventException("an assignment needs at least one target");
        }
        conditions = conditions == null ? InstallConditions.NONE : conditions;
        rxswin = rxswin == null || rxswin.isBlank() ? null : rxswin;
    }

    @Override
    public String key() {
        return vin;
    }
}
