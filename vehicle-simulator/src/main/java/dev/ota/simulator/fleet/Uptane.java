package dev.ota.simulator.fleet;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a vehicle needs from Uptane: verify an update, fetch its images with checks, and sign its manifest. */
public interface Uptane {

    /**
     * Verifies an update: full verification on the primary and on secondaries that can, partial on the others.
     *
     * @param assigned the targets of the earlier assign command, if any (used only when verification is off)
     * @return the images to install, at least one
     */
    List<PlannedImage> verify(Vehicle vehicle, VehicleCommand.Update update, VehicleCommand.@Nullable Assign assigned)
            throws UpdateRefused;

    /**
     * Downloads one image, checking its length and hashes against the verified metadata: through a delta from the
     * installed image when the image repository lists one that fits, else (or when the delta is refused) whole.
     */
    Download download(Vehicle vehicle, PlannedImage image, boolean corruptInTransit, DeltaFault deltaFault)
            throws UpdateRefused;

    /** The vehicle version manifest, signed by the primary, holding each ECU's signed version report. */
    String manifest(Vehicle vehicle, List<String> attacksDetected);
}
