package dev.ota.gateway.downlink;

import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.AssignmentCancelled;
import dev.ota.contracts.events.DirectorMetadataIssued;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.events.RollbackAssigned;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.contracts.mqtt.MqttTopics;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Turns platform events into vehicle commands; events that mean nothing to a vehicle are ignored. */
final class CommandTranslator {

    private final AssignedConditions conditions;
    private final CommandPublisher publisher;

    CommandTranslator(AssignedConditions conditions, CommandPublisher publisher) {
        this.conditions = conditions;
        this.publisher = publisher;
    }

    void handle(OtaEvent event) {
        switch (event) {
            case UpdateAssigned assigned -> {
                requireVin(assigned.vin());
                conditions.remember(assigned.assignmentId(), assigned.conditions());
                publisher.publish(
                        new VehicleCommand.Assign(
                                VehicleCommand.SCHEMA_VERSION,
                                assigned.eventId(),
                                Instant.now(),
                                assigned.vin(),
                                assigned.assignmentId(),
                                assigned.campaignId(),
                                assigned.stage(),
                                assigned.targets(),
                                assigned.conditions()),
                        assigned.conditions().notAfter());
            }
            case DirectorMetadataIssued issued -> {
                requireVin(issued.vin());
                if (issued.metadata().isEmpty()) {
                    throw new MalformedEventException("director metadata without any document");
                }
                @Nullable InstallConditions known = conditions.of(issued.assignmentId());
                publisher.publish(
                        new VehicleCommand.Update(
                                VehicleCommand.SCHEMA_VERSION,
                                issued.eventId(),
                                Instant.now(),
                                issued.vin(),
                                issued.assignmentId(),
                                issued.campaignId(),
                                issued.metadata(),
                                known),
                        known == null ? null : known.notAfter());
            }
            case RollbackAssigned rollback -> {
                requireVin(rollback.vin());
                publisher.publish(
                        new VehicleCommand.Rollback(
                                VehicleCommand.SCHEMA_VERSION,
                                rollback.eventId(),
                                Instant.now(),
                                rollback.vin(),
                                rollback.assignmentId(),
                                rollback.campaignId(),
                                rollback.targets(),
                                rollback.reason()),
                        null);
            }
            case AssignmentCancelled cancelled -> {
                requireVin(cancelled.vin());
                conditions.forget(cancelled.assignmentId());
                publisher.publish(
                        new VehicleCommand.Cancel(
                                VehicleCommand.SCHEMA_VERSION,
                                cancelled.eventId(),
                                Instant.now(),
                                cancelled.vin(),
                                cancelled.assignmentId(),
                                cancelled.campaignId(),
                                cancelled.reason()),
                        null);
            }
            default -> {
                // not for vehicles
            }
        }
    }

    private static void requireVin(String vin) {
        if (!MqttTopics.isVin(vin)) {
            throw new MalformedEventException("not a VIN, no vehicle topic for it: " + vin);
        }
    }
}
