package dev.ota.audit.query;

import dev.ota.audit.log.LogEntry;
import dev.ota.audit.merkle.Hashes;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.AssignmentCancelled;
import dev.ota.contracts.events.CampaignApproved;
import dev.ota.contracts.events.CampaignCreated;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.ManifestVerified;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.events.RollbackAssigned;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.contracts.events.VerifiedEcu;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A vehicle's software register (R156 §7.1.1.4, §7.1.2): per RXSWIN, every update and rollback with the configuration
 * of each ECU before and after (image, version, hashes), the campaign with who created and who approved it, and the
 * outcome the vehicle reported; the same changes per ECU; and every log entry about the vehicle.
 *
 * <p>An update belongs to the RXSWIN its {@code UpdateAssigned} carries or, for events published before assignments
 * carried one, to the RXSWIN its campaign's {@code CampaignCreated} declared. A rollback belongs to the RXSWIN of the
 * campaign it reverses. Updates whose campaign declared no RXSWIN are listed under a register with {@code rxswin: null}
 * and {@code declared: false}, last.
 *
 * @param rxswins one register per RXSWIN, in order of first assignment, then the undeclared bucket
 */
record VehicleHistory(String vin, List<RxswinRegister> rxswins, List<Ecu> ecus, List<Evidence> entries) {

    static final String UNDECLARED = "updates whose campaign declared no RXSWIN";

    /** Software on an ECU; name and version are null when a verified manifest named an image not in the catalogue. */
    record Software(
            @Nullable String imageName,
            @Nullable String version,
            String targetPath,
            long length,
            Map<String, String> hashes) {
        static Software of(EcuTarget target) {
            return new Software(
                    target.imageName(), target.version(), target.targetPath(), target.length(), target.hashes());
        }

        static Software of(VerifiedEcu reported) {
            return new Software(
                    reported.imageName(),
                    reported.version(),
                    reported.targetPath(),
                    reported.length(),
                    reported.hashes());
        }
    }

    /**
     * One update or rollback of one ECU. {@code before} is what the ECU ran when it was assigned: the software of its
     * last verified manifest, or of the last update it reported as installed successfully, whichever came later.
     */
    record Change(
            String kind,
            UUID assignmentId,
            UUID campaignId,
            @Nullable String rxswin,
            Instant assignedAt,
            @Nullable Software before,
            Software after,
            String outcome,
            @Nullable Instant outcomeAt,
            List<Long> evidence) {}

    record Ecu(
            String ecuSerial, String hardwareId, @Nullable Software installed, List<Change> changes) {}

    /** The changes made under one RXSWIN ({@code declared} false: the bucket of campaigns that declared none). */
    record RxswinRegister(@Nullable String rxswin, boolean declared, String description, List<Update> updates) {}

    /** One assignment to the vehicle: its campaign, the configuration before and after per ECU, and its outcome. */
    record Update(
            String kind,
            UUID assignmentId,
            Campaign campaign,
            Instant assignedAt,
            String outcome,
            @Nullable Instant outcomeAt,
            List<EcuChange> ecus,
            List<Long> evidence) {}

    record EcuChange(
            String ecuSerial,
            String hardwareId,
            @Nullable Software before,
            Software after,
            String outcome,
            @Nullable Instant outcomeAt) {}

    /**
     * What the log holds about the campaign behind an update: its name, creator and approvals, each with the index of
     * the entry that proves it (null when the log holds no {@code CampaignCreated} for it).
     */
    record Campaign(
            UUID campaignId,
            @Nullable String name,
            @Nullable String createdBy,
            @Nullable Long createdIndex,
            @Nullable String declaredRxswin,
            List<Approval> approvals) {}

    record Approval(String approvedBy, String remark, Instant at, long index, String leafHash) {}

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
        final @Nullable String carriedRxswin;
        final Instant at;
        final EcuState ecu;
        final @Nullable Software before;
        final Software after;
        String outcome = "PENDING";

        @Nullable
        Instant outcomeAt;

        final List<Long> evidence = new ArrayList<>();

        MutableChange(
                String kind,
                UUID assignment,
                UUID campaign,
                @Nullable String carriedRxswin,
                Instant at,
                EcuState ecu,
                Software after) {
            this.kind = kind;
            this.assignment = assignment;
            this.campaign = campaign;
            this.carriedRxswin = carriedRxswin;
            this.at = at;
            this.ecu = ecu;
            this.before = ecu.installed;
            this.after = after;
        }
    }

    /**
     * @param entries every entry about the vehicle, in log order
     * @param campaignEntries the {@code CampaignCreated} and {@code CampaignApproved} entries of the campaigns the
     *     vehicle's entries name, in log order
     */
    static VehicleHistory of(String vin, List<LogEntry> entries, List<LogEntry> campaignEntries) {
        Map<UUID, Campaign> campaigns = campaigns(campaignEntries);
        Map<String, EcuState> ecus = new LinkedHashMap<>();
        Map<UUID, List<MutableChange>> byAssignment = new LinkedHashMap<>();
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
                            e.rxswin(),
                            e.occurredAt(),
                            e.targets(),
                            entry,
                            ecus,
                            byAssignment);
                case RollbackAssigned e ->
                    assign(
                            "ROLLBACK",
                            e.assignmentId(),
                            e.campaignId(),
                            null,
                            e.occurredAt(),
                            e.targets(),
                            entry,
                            ecus,
                            byAssignment);
                case UpdateProgress e -> {
                    for (MutableChange change : byAssignment.getOrDefault(e.assignmentId(), List.of())) {
                        if (e.ecuSerial() != null && !change.ecu.serial.equals(e.ecuSerial())) {
                            continue;
                        }
                        change.evidence.add(entry.index());
                        if (e.phase().isTerminal()) {
                            change.outcome = e.phase().name();
                            change.outcomeAt = e.occurredAt();
                            if (e.phase() == InstallPhase.SUCCEEDED) {
                                change.ecu.installed = change.after;
                            }
                        }
                    }
                }
                case ManifestVerified e -> {
                    for (VerifiedEcu reported : e.ecus()) {
                        ecus.computeIfAbsent(reported.ecuSerial(), s -> new EcuState(s, reported.hardwareId()))
                                        .installed =
                                Software.of(reported);
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
        Map<UUID, String> campaignRxswin = campaignRxswins(byAssignment, campaigns);
        List<Ecu> perEcu = ecus.values().stream()
                .map(s -> new Ecu(
                        s.serial,
                        s.hardwareId,
                        s.installed,
                        s.changes.stream()
                                .map(c -> new Change(
                                        c.kind,
                                        c.assignment,
                                        c.campaign,
                                        rxswinOf(c, campaignRxswin),
                                        c.at,
                                        c.before,
                                        c.after,
                                        c.outcome,
                                        c.outcomeAt,
                                        List.copyOf(c.evidence)))
                                .toList()))
                .toList();
        return new VehicleHistory(
                vin,
                registers(byAssignment, campaigns, campaignRxswin),
                perEcu,
                entries.stream().map(Evidence::of).toList());
    }

    private static void assign(
            String kind,
            UUID assignment,
            UUID campaign,
            @Nullable String rxswin,
            Instant at,
            List<EcuTarget> targets,
            LogEntry entry,
            Map<String, EcuState> ecus,
            Map<UUID, List<MutableChange>> byAssignment) {
        for (EcuTarget target : targets) {
            EcuState ecu = ecus.computeIfAbsent(target.ecuSerial(), s -> new EcuState(s, target.hardwareId()));
            MutableChange change = new MutableChange(kind, assignment, campaign, rxswin, at, ecu, Software.of(target));
            change.evidence.add(entry.index());
            ecu.changes.add(change);
            byAssignment.computeIfAbsent(assignment, a -> new ArrayList<>()).add(change);
        }
    }

    /** The RXSWIN of each campaign: the one its assignments carry, else the one its creation declared. */
    private static Map<UUID, String> campaignRxswins(
            Map<UUID, List<MutableChange>> byAssignment, Map<UUID, Campaign> campaigns) {
        Map<UUID, String> rxswins = new HashMap<>();
        campaigns.values().stream()
                .filter(c -> c.declaredRxswin() != null)
                .forEach(c -> rxswins.put(c.campaignId(), c.declaredRxswin()));
        byAssignment.values().stream()
                .flatMap(List::stream)
                .filter(c -> c.carriedRxswin != null)
                .forEach(c -> rxswins.put(c.campaign, c.carriedRxswin));
        return rxswins;
    }

    private static @Nullable String rxswinOf(MutableChange change, Map<UUID, String> campaignRxswin) {
        return change.carriedRxswin != null ? change.carriedRxswin : campaignRxswin.get(change.campaign);
    }

    private static List<RxswinRegister> registers(
            Map<UUID, List<MutableChange>> byAssignment,
            Map<UUID, Campaign> campaigns,
            Map<UUID, String> campaignRxswin) {
        Map<String, List<Update>> declared = new LinkedHashMap<>();
        List<Update> undeclared = new ArrayList<>();
        for (List<MutableChange> changes : byAssignment.values()) {
            MutableChange first = changes.getFirst();
            Update update = new Update(
                    first.kind,
                    first.assignment,
                    campaigns.getOrDefault(
                            first.campaign, new Campaign(first.campaign, null, null, null, null, List.of())),
                    first.at,
                    overallOutcome(changes),
                    changes.stream()
                            .map(c -> c.outcomeAt)
                            .filter(Objects::nonNull)
                            .max(Instant::compareTo)
                            .orElse(null),
                    changes.stream()
                            .map(c -> new EcuChange(
                                    c.ecu.serial, c.ecu.hardwareId, c.before, c.after, c.outcome, c.outcomeAt))
                            .toList(),
                    changes.stream()
                            .flatMap(c -> c.evidence.stream())
                            .distinct()
                            .sorted()
                            .toList());
            String rxswin = rxswinOf(first, campaignRxswin);
            if (rxswin == null) {
                undeclared.add(update);
            } else {
                declared.computeIfAbsent(rxswin, r -> new ArrayList<>()).add(update);
            }
        }
        List<RxswinRegister> registers = new ArrayList<>();
        declared.forEach((rxswin, updates) -> registers.add(
                new RxswinRegister(rxswin, true, "updates under RXSWIN " + rxswin, List.copyOf(updates))));
        if (!undeclared.isEmpty()) {
            registers.add(new RxswinRegister(null, false, UNDECLARED, List.copyOf(undeclared)));
        }
        return List.copyOf(registers);
    }

    /** SUCCEEDED only when every ECU succeeded; else the first ECU outcome that is not SUCCEEDED. */
    private static String overallOutcome(List<MutableChange> changes) {
        return changes.stream()
                .map(c -> c.outcome)
                .filter(o -> !o.equals(InstallPhase.SUCCEEDED.name()))
                .findFirst()
                .orElse(InstallPhase.SUCCEEDED.name());
    }

    private static Map<UUID, Campaign> campaigns(List<LogEntry> campaignEntries) {
        Map<UUID, Campaign> campaigns = new LinkedHashMap<>();
        for (LogEntry entry : campaignEntries) {
            switch (decode(entry).orElse(null)) {
                case CampaignCreated c ->
                    campaigns.merge(
                            c.campaignId(),
                            new Campaign(c.campaignId(), c.name(), c.createdBy(), entry.index(), c.rxswin(), List.of()),
                            (old, created) -> new Campaign(
                                    old.campaignId(),
                                    created.name(),
                                    created.createdBy(),
                                    created.createdIndex(),
                                    created.declaredRxswin(),
                                    old.approvals()));
                case CampaignApproved a -> {
                    Campaign old = campaigns.getOrDefault(
                            a.campaignId(), new Campaign(a.campaignId(), null, null, null, null, List.of()));
                    List<Approval> approvals = new ArrayList<>(old.approvals());
                    approvals.add(new Approval(
                            a.approvedBy(), a.remark(), a.occurredAt(), entry.index(), Hashes.hex(entry.leafHash())));
                    campaigns.put(
                            a.campaignId(),
                            new Campaign(
                                    old.campaignId(),
                                    old.name(),
                                    old.createdBy(),
                                    old.createdIndex(),
                                    old.declaredRxswin(),
                                    List.copyOf(approvals)));
                }
                case null, default -> {}
            }
        }
        return campaigns;
    }

    private static Optional<OtaEvent> decode(LogEntry entry) {
        try {
            return EventCodec.decode(entry.payload());
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
