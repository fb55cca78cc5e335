package dev.ota.rollback.fleet;

import dev.ota.contracts.events.EcuTarget;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A vehicle of a campaign stage.
 *
 * @param targets what the update assignment installs, per ECU
 * @param failure why its update failed, or null
 * @param previousImages per ECU serial, the image it ran before the assignment (its last-known-good)
 */
public record StageVehicle(
        UUID assignmentId,
        String vin,
        @Nullable String model,
        List<String> hardwareIds,
        List<EcuTarget> targets,
        @Nullable String failure,
        Map<String, String> previousImages) {}
