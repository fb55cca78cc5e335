package dev.ota.signing.director;

import dev.ota.contracts.events.InstallConditions;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the director holds for one vehicle: its latest signed documents and the assignment they carry out (none for
 * "nothing for you" targets).
 */
record VehicleMetadata(
        String vin,
        DirectorDocuments.Issued documents,
        @Nullable UUID assignmentId,
        @Nullable UUID campaignId,
        @Nullable InstallConditions conditions) {

    VehicleMetadata withDocuments(DirectorDocuments.Issued renewed) {
        return new VehicleMetadata(vin, renewed, assignmentId, campaignId, conditions);
    }
}
