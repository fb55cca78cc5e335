package dev.ota.audit.query;

import dev.ota.audit.log.LogEntry;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.AssignmentCancelled;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.events.RollbackAssigned;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.contracts.events.UpdateProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A vehicle's software register (R156 §7.1.2): for each ECU, every change with the software before and after (image,
 * version, hashes), the campaign, and the outcome the vehicle reported; plus every log entry about the vehicle.
 */
record VehicleHistory(String vin, List<Ecu> ecus, List<Evidence> entries) {

    record Software(String imageName, String version, String targetPath, long length, Map<String, String> hashes) {
        static Software of(EcuTarget target) {
            return new Software(
                    target.imageName(), target.version(), target.targetPath(), target.length(), target.hashes());
        }
    }

    /** One update or rollback of one ECU. {@code before} is the last software reported as installed successfully. */
    record Change(
            String kind,
            UUID assignmentId,
            UUID campaignId,
            Instant assignedAt,
            @Nullable Software before,
            Software after,
            String outcome,
            @Nullable Instant outcomeAt,
            List<Long> evidence) {}

    record Ecu(
            String ecuSerial, String hardwareId, @Nullable Software installed, List<Change> changes) {}

    private static final class EcuState {
        final String serial;
        final String hardwareId;

        @Nullable
        Software installed;

        final List<MutableChange> changes = new ArrayList<>();

        EcuState(String serial, String hardwareId) {
            this.serial = serial;
            this.hardwareId = hardwareId;
        }
    }

    private static final class MutableChange {
        final String kind;
        final UUID assignment;
        final UUID campaign;
        final Instant at;
        final @Nullable Software before;
        final Software after;
        String outcome = "PENDING";

        @Nullable
        Instant outcomeAt;

        final List<Long> evidence = new ArrayList<>();

        MutableChange(
                String kind, UUID assignment, UUID campaign, Instant at, @Nullable Software before, Software after) {
            this.kind = kind;
            this.assignment = assignment;
            this.campaign = campaign;
            this.at = at;
            this.before = before;
            this.after = after;
        }
    }

    static VehicleHistory of(String vin, List<LogEntry> entries) {
        Map<String, EcuState> ecus = new LinkedHashMap<>();
        Map<UUID, List<MutableChange>> byAssignment = new LinkedHashMap<>();
        Map<MutableChange, EcuState> owner = new LinkedHashMap<>();
        for (LogEntry entry : entries) {
            Optional<OtaEvent> decoded = decode(entry);
            if (decoded.isEmpty()) {
                continue;
            }
            switch (decoded.get()) {
                case UpdateAssigned e ->
                    assign(
                            "UPDATE",
                            e.assignmentId(),
                            e.campaignId(),
                            e.occurredAt(),
                            e.targets(),
                            entry,
                            ecus,
                            byAssignment,
                            owner);
                case RollbackAssigned e ->
                    assign(
                            "ROLLBACK",
                            e.assignmentId(),
                            e.campaignId(),
                            e.occurredAt(),
                            e.targets(),
                            entry,
                            ecus,
                            byAssignment,
                            owner);
                case UpdateProgress e -> {
                    for (MutableChange change : byAssignment.getOrDefault(e.assignmentId(), List.of())) {
                        EcuState ecu = owner.get(change);
                        if (e.ecuSerial() != null && ecu != null && !ecu.serial.equals(e.ecuSerial())) {
                            continue;
                        }
                        change.evidence.add(entry.index());
                        if (e.phase().isTerminal()) {
                            change.outcome = e.phase().name();
                            change.outcomeAt = e.occurredAt();
                            if (e.phase() == dev.ota.contracts.events.InstallPhase.SUCCEEDED && ecu != null) {
                                ecu.installed = change.after;
                            }
                        }
                    }
                }
                case AssignmentCancelled e -> {
                    for (MutableChange change : byAssignment.getOrDefault(e.assignmentId(), List.of())) {
                        change.evidence.add(entry.index());
                        if (change.outcome.equals("PENDING")) {
                            change.outcome = "CANCELLED";
                            change.outcomeAt = e.occurredAt();
                        }
                    }
                }
                default -> {}
            }
        }
        List<Ecu> result = ecus.values().stream()
                .map(s -> new Ecu(
                        s.serial,
                        s.hardwareId,
                        s.installed,
                        s.changes.stream()
                                .map(c -> new Change(
                                        c.kind,
                                        c.assignment,
                                        c.campaign,
                                        c.at,
                                        c.before,
                                        c.after,
                                        c.outcome,
                                        c.outcomeAt,
                                        List.copyOf(c.evidence)))
                                .toList()))
                .toList();
        return new VehicleHistory(
                vin, result, entries.stream().map(Evidence::of).toList());
    }

    private static void assign(
            String kind,
            UUID assignment,
            UUID campaign,
            Instant at,
            List<EcuTarget> targets,
            LogEntry entry,
            Map<String, EcuState> ecus,
            Map<UUID, List<MutableChange>> byAssignment,
            Map<MutableChange, EcuState> owner) {
        for (EcuTarget target : targets) {
            EcuState ecu = ecus.computeIfAbsent(target.ecuSerial(), s -> new EcuState(s, target.hardwareId()));
            MutableChange change =
                    new MutableChange(kind, assignment, campaign, at, ecu.installed, Software.of(target));
            change.evidence.add(entry.index());
            ecu.changes.add(change);
            byAssignment.computeIfAbsent(assignment, a -> new ArrayList<>()).add(change);
            owner.put(change, ecu);
        }
    }

    private static Optional<OtaEvent> decode(LogEntry entry) {
        try {
            return EventCodec.decode(entry.payload());
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
