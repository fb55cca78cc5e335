package dev.ota.gateway.downlink;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallConditions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A command on {@code ota/v1/{vin}/cmd}, JSON with a {@code type} discriminator (docs/device-gateway.md). Every command
 * names its assignment; {@code commandId} is the id of the event it came from, so a vehicle can drop a command it was
 * given twice (delivery is at least once).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = VehicleCommand.Assign.class, name = "assign"),
    @JsonSubTypes.Type(value = VehicleCommand.Update.class, name = "update"),
    @JsonSubTypes.Type(value = VehicleCommand.Rollback.class, name = "rollback"),
    @JsonSubTypes.Type(value = VehicleCommand.Cancel.class, name = "cancel")
})
sealed interface VehicleCommand {

    int SCHEMA_VERSION = 1;

    UUID commandId();

    Instant issuedAt();

    String vin();

    UUID assignmentId();

    /**
     * An update was assigned: what it will install and under which conditions. The vehicle may ask the driver for
     * consent now; it installs nothing until the signed director metadata arrives in an {@link Update}.
     */
    record Assign(
            int schemaVersion,
            UUID commandId,
            Instant issuedAt,
            String vin,
            UUID assignmentId,
            UUID campaignId,
            int stage,
            List<EcuTarget> targets,
            InstallConditions conditions)
            implements VehicleCommand {}

    /**
     * Install what the director metadata lists. {@code metadata} holds the director's signed documents exactly as the
     * director produced them (file name to JSON text); the vehicle verifies them, the gateway does not alter them.
     * {@code conditions} are the assignment's, when this gateway saw the assignment; otherwise the vehicle uses those
     * of the earlier {@link Assign}.
     */
    record Update(
            int schemaVersion,
            UUID commandId,
            Instant issuedAt,
            String vin,
            UUID assignmentId,
            UUID campaignId,
            Map<String, String> metadata,
            @Nullable InstallConditions conditions)
            implements VehicleCommand {}

    /** Go back to a pre-validated version (re-released under a newer release counter). */
    record Rollback(
            int schemaVersion,
            UUID commandId,
            Instant issuedAt,
            String vin,
            UUID assignmentId,
            UUID campaignId,
            List<EcuTarget> targets,
            String reason)
            implements VehicleCommand {}

    /** Withdraw an assignment the vehicle has not installed yet. */
    record Cancel(
            int schemaVersion,
            UUID commandId,
            Instant issuedAt,
            String vin,
            UUID assignmentId,
            UUID campaignId,
            String reason)
            implements VehicleCommand {}
}
