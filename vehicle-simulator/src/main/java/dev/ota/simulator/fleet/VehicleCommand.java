package dev.ota.simulator.fleet;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallConditions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A command as the vehicle reads it from {@code ota/v1/{vin}/cmd} (the format is the gateway's, see
 * docs/device-gateway.md). The vehicle's own reading of it: unknown fields are ignored.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = VehicleCommand.Assign.class, name = "assign"),
    @JsonSubTypes.Type(value = VehicleCommand.Update.class, name = "update"),
    @JsonSubTypes.Type(value = VehicleCommand.Rollback.class, name = "rollback"),
    @JsonSubTypes.Type(value = VehicleCommand.Cancel.class, name = "cancel")
})
public sealed interface VehicleCommand {

    UUID commandId();

    String vin();

    UUID assignmentId();

    record Assign(
            UUID commandId,
            String vin,
            UUID assignmentId,
            UUID campaignId,
            List<EcuTarget> targets,
            @Nullable InstallConditions conditions)
            implements VehicleCommand {}

    record Update(
            UUID commandId,
            String vin,
            UUID assignmentId,
            UUID campaignId,
            Map<String, String> metadata,
            @Nullable InstallConditions conditions)
            implements VehicleCommand {}

    record Rollback(
            UUID commandId, String vin, UUID assignmentId, UUID campaignId, List<EcuTarget> targets, String reason)
            implements VehicleCommand {}

    record Cancel(UUID commandId, String vin, UUID assignmentId, UUID campaignId, String reason)
            implements VehicleCommand {}
}
