package dev.ota.rollback.fleet;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.ApplicationCheck;
import dev.ota.contracts.events.ApplicationStatus;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.ImageRevoked;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.contracts.events.ManifestVerified;
import dev.ota.contracts.events.RequiredApplication;
import dev.ota.contracts.events.StageStarted;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.contracts.events.VerifiedEcu;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Keeps the fleet knowledge current from assignments, images, manifests, progress and beacons, and answers on it. */
@Service
public class FleetKnowledge {

    /** The image repository's role that holds what vehicles may install (co-signed by a release engineer). */
    static final String RELEASE_ROLE = "release";

    private final JdbcClient jdbc;
    /** "assignment|ECU" pairs already counted as healthy: a fleet's steady beacons then cost no database work. */
    private final Set<String> healthSeen = ConcurrentHashMap.newKeySet();

    FleetKnowledge(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public void assigned(UpdateAssigned assigned) {
        int inserted = jdbc.sql("""
                        insert into stage_assignment (assignment_id, vin, campaign_id, stage, vehicle_model,
                                                      hardware_ids, targets, assigned_at)
                        values (:id, :vin, :campaign, :stage, :model, :hardware, cast(:targets as jsonb), :at)
                        on conflict (assignment_id) do nothing
                        """)
                .param("id", assigned.assignmentId())
                .param("vin", assigned.vin())
                .param("campaign", assigned.campaignId())
                .param("stage", assigned.stage())
                .param("model", assigned.vehicleModel())
                .param(
                        "hardware",
                        assigned.targets().stream().map(EcuTarget::hardwareId).toArray(String[]::new))
                .param("targets", EventCodec.mapper().writeValueAsString(assigned.targets()))
                .param("at", Timestamp.from(assigned.occurredAt()))
                .update();
        if (inserted == 0) {
            return;
        }
        catalogue(assigned.targets());
        for (EcuTarget target : assigned.targets()) {
            jdbc.sql("""
                            insert into ecu_previous (assignment_id, ecu_serial, target_path)
                            select :id, ecu_serial, target_path from ecu_installed
                            where vin = :vin and ecu_serial = :serial and target_path <> :target
                            on conflict do nothing
                            """)
                    .param("id", assigned.assignmentId())
                    .param("vin", assigned.vin())
                    .param("serial", target.ecuSerial())
                    .param("target", target.targetPath())
                    .update();
        }
    }

    /** Every target the service sees assigned is catalogued (as a possible last-known-good, not as released). */
    @Transactional
    public void catalogue(List<EcuTarget> targets) {
        for (EcuTarget target : targets) {
            upsertImage(
                    target.targetPath(),
                    target.imageName(),
                    target.version(),
                    target.releaseCounter(),
                    target.length(),
                    target.hashes(),
                    false);
        }
    }

    @Transactional
    public void imageSigned(ImageSigned signed) {
        upsertImage(
                signed.targetPath(),
                signed.imageName(),
                signed.version(),
                signed.releaseCounter(),
                signed.length(),
                signed.hashes(),
                signed.signedByRole().equals(RELEASE_ROLE));
    }

    /** A revoked image is never a rollback target again, even when its bytes were healthy. */
    @Transactional
    public void imageRevoked(ImageRevoked revoked) {
        jdbc.sql("update known_image set revoked = true where target_path = :path")
                .param("path", revoked.targetPath())
                .update();
    }

    private void upsertImage(
            String path,
            String name,
            String version,
            long counter,
            long length,
            Map<String, String> hashes,
            boolean released) {
        jdbc.sql("""
                        insert into known_image (target_path, image_name, version, release_counter, length, hashes,
                                                 released)
                        values (:path, :name, :version, :counter, :length, cast(:hashes as jsonb), :released)
                        on conflict (target_path) do update
                            set release_counter = greatest(known_image.release_counter, excluded.release_counter),
                                released = known_image.released or excluded.released
                        """)
                .param("released", released)
                .param("path", path)
                .param("name", name)
                .param("version", version)
                .param("counter", counter)
                .param("length", length)
                .param("hashes", EventCodec.mapper().writeValueAsString(hashes))
                .update();
    }

    /**
     * Records what each ECU runs. For the vehicle's latest assignment, an ECU reported on an image other than the one
     * assigned shows what it ran before: its last-known-good.
     */
    @Transactional
    public void manifestVerified(ManifestVerified verified) {
        Timestamp at = Timestamp.from(verified.signedAt());
        for (VerifiedEcu image : verified.ecus()) {
            jdbc.sql("""
                            insert into ecu_installed (vin, ecu_serial, target_path, reported_at)
                            values (:vin, :serial, :path, :at)
                            on conflict (vin, ecu_serial) do update
                                set target_path = excluded.target_path, reported_at = excluded.reported_at
                                where ecu_installed.reported_at <= excluded.reported_at
                            """)
                    .param("vin", verified.vin())
                    .param("serial", image.ecuSerial())
                    .param("path", image.targetPath())
                    .param("at", at)
                    .update();
            jdbc.sql("""
                            insert into ecu_previous (assignment_id, ecu_serial, target_path)
                            select a.assignment_id, :serial, :path from stage_assignment a
                            where a.assignment_id = (select assignment_id from stage_assignment
                                                     where vin = :vin order by assigned_at desc limit 1)
                              and a.assigned_at <= :at
                              and exists (select 1 from jsonb_array_elements(a.targets) t
                                          where t ->> 'ecuSerial' = :serial and t ->> 'targetPath' <> :path)
                            on conflict do nothing
                            """)
                    .param("vin", verified.vin())
                    .param("serial", image.ecuSerial())
                    .param("path", image.targetPath())
                    .param("at", at)
                    .update();
        }
    }

    /** Notes an update that failed to install or that the vehicle reverted. */
    @Transactional
    public void progressed(UpdateProgress progress) {
        switch (progress.phase()) {
            case FAILED, REVERTED ->
                failed(
                        progress.assignmentId(),
                        progress.vin(),
                        progress.phase() + (progress.reason() == null ? "" : ": " + progress.reason()),
                        null);
            default -> {}
        }
    }

    /** Keeps the applications a stage requires UP per hardware id, to judge its beacons as health-service does. */
    @Transactional
    public void stageStarted(StageStarted started) {
        for (RequiredApplication required : started.criteria().requiredApplications()) {
            jdbc.sql("""
                            insert into stage_required_application (campaign_id, stage, hardware_id, name)
                            values (:campaign, :stage, :hardware, :name) on conflict do nothing
                            """)
                    .param("campaign", started.campaignId())
                    .param("stage", started.stage())
                    .param("hardware", required.hardwareId())
                    .param("name", required.name())
                    .update();
        }
    }

    /**
     * Notes a failing ECU (boot, application start, or an application its stage requires reported DOWN), or counts the
     * vehicle as evidence that the ECU's assigned image runs healthily (boot, application start, no new DTCs and no
     * application DOWN).
     */
    @Transactional
    public void beacon(HealthBeacon beacon) {
        if (!beacon.bootOk() || !beacon.appStarted()) {
            failed(
                    beacon.assignmentId(),
                    beacon.vin(),
                    (beacon.bootOk() ? "application did not start" : "boot failed") + " on ECU " + beacon.ecuSerial()
                            + " (" + beacon.hardwareId() + ")",
                    beacon.hardwareId());
            return;
        }
        List<String> down = beacon.applications().stream()
                .filter(check -> check.status() == ApplicationStatus.DOWN)
                .map(ApplicationCheck::name)
                .toList();
        if (!down.isEmpty()) {
            jdbc.sql("""
                            select r.name from stage_assignment a
                            join stage_required_application r on r.campaign_id = a.campaign_id and r.stage = a.stage
                            where a.assignment_id = :id and r.hardware_id = :hardware and r.name = any(:names)
                            order by r.name limit 1
                            """)
                    .param("id", beacon.assignmentId())
                    .param("hardware", beacon.hardwareId())
                    .param("names", down.toArray(String[]::new))
                    .query(String.class)
                    .optional()
                    .ifPresent(required -> failed(
                            beacon.assignmentId(),
                            beacon.vin(),
                            "application " + required + " DOWN on ECU " + beacon.ecuSerial() + " ("
                                    + beacon.hardwareId() + ")",
                            beacon.hardwareId()));
            return; // an ECU with an application DOWN is no evidence that its image runs healthily
        }
        String seen = beacon.assignmentId() + "|" + beacon.ecuSerial();
        if (beacon.dtcDelta() > 0 || healthSeen.contains(seen)) {
            return;
        }
        List<String> paths = jdbc.sql("""
                        select t ->> 'targetPath' from stage_assignment a, jsonb_array_elements(a.targets) t
                        where a.assignment_id = :id and a.vin = :vin and t ->> 'ecuSerial' = :serial
                        union
                        select t ->> 'targetPath' from rollback_vehicle r, jsonb_array_elements(r.targets) t
                        where r.rollback_assignment_id = :id and r.vin = :vin and t ->> 'ecuSerial' = :serial
                        """)
                .param("id", beacon.assignmentId())
                .param("vin", beacon.vin())
                .param("serial", beacon.ecuSerial())
                .query(String.class)
                .list();
        for (String path : paths) {
            int added = jdbc.sql(
                            "insert into image_health (target_path, vin) values (:path, :vin) on conflict do nothing")
                    .param("path", path)
                    .param("vin", beacon.vin())
                    .update();
            if (added == 1) {
                jdbc.sql("""
                                insert into image_health_count (target_path, vehicles) values (:path, 1)
                                on conflict (target_path) do update set vehicles = image_health_count.vehicles + 1
                                """).param("path", path).update();
            }
        }
        if (!paths.isEmpty()) {
            if (healthSeen.size() > 1_000_000) {
                healthSeen.clear();
            }
            healthSeen.add(seen);
        }
    }

    /**
     * The VIN an assignment (an update of a stage, or a rollback) was made for; empty when this service has not seen
     * it (yet).
     */
    public Optional<String> ownerOf(UUID assignmentId) {
        return jdbc.sql("""
                        select vin from stage_assignment where assignment_id = :id
                        union all
                        select vin from rollback_vehicle where rollback_assignment_id = :id
                        limit 1
                        """).param("id", assignmentId).query(String.class).optional();
    }

    /** The first failure each reporting VIN names for an assignment; only the assigned VIN's counts (see V3). */
    private void failed(UUID assignmentId, String vin, String reason, @Nullable String hardwareId) {
        jdbc.sql("""
                        insert into assignment_failure (assignment_id, vin, reason, hardware_id)
                        values (:id, :vin, :reason, :hw)
                        on conflict (assignment_id, vin) do nothing
                        """)
                .param("id", assignmentId)
                .param("vin", vin)
                .param("reason", reason)
                .param("hw", hardwareId)
                .update();
    }

    /** Every vehicle assigned in a stage, with its failure and its last-known-good images. */
    public List<StageVehicle> stageVehicles(UUID campaignId, int stage) {
        return jdbc.sql("""
                        select a.assignment_id, a.vin, a.vehicle_model, a.hardware_ids, a.targets::text, f.reason,
                               (select coalesce(jsonb_object_agg(p.ecu_serial, p.target_path), '{}'::jsonb)::text
                                from ecu_previous p where p.assignment_id = a.assignment_id) as previous
                        from stage_assignment a left join assignment_failure f
                             on f.assignment_id = a.assignment_id and (f.vin = a.vin or f.vin is null)
                        where a.campaign_id = :campaign and a.stage = :stage
                        order by a.vin
                        """)
                .param("campaign", campaignId)
                .param("stage", stage)
                .query((rs, n) -> new StageVehicle(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        strings(rs.getArray(4)),
                        targets(rs.getString(5)),
                        rs.getString(6),
                        stringMap(rs.getString(7))))
                .list();
    }

    /** For each image: its metadata, on how many vehicles it ran healthily, and whether a person validated it. */
    public Map<String, ImageEvidence> evidence(Collection<String> targetPaths) {
        Map<String, ImageEvidence> evidence = new LinkedHashMap<>();
        if (targetPaths.isEmpty()) {
            return evidence;
        }
        String[] paths = targetPaths.stream().distinct().toArray(String[]::new);
        Map<String, KnownImage> images = new HashMap<>();
        jdbc.sql("""
                        select target_path, image_name, version, release_counter, length, hashes::text
                        from known_image where target_path = any(:paths)
                        """)
                .param("paths", paths)
                .query(FleetKnowledge::knownImage)
                .list()
                .forEach(image -> images.put(image.targetPath(), image));
        Map<String, Long> healthy = new HashMap<>();
        jdbc.sql("select target_path, vehicles from image_health_count where target_path = any(:paths)")
                .param("paths", paths)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .forEach(e -> healthy.put(e.getKey(), e.getValue()));
        Map<String, String> validated = new HashMap<>();
        jdbc.sql("select target_path, validated_by from validated_image where target_path = any(:paths)")
                .param("paths", paths)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                .list()
                .forEach(e -> validated.put(e.getKey(), e.getValue()));
        Map<String, List<KnownImage>> releasedCopies = releasedCopies(images.values().stream()
                .map(i -> i.hashes().get("sha256"))
                .filter(Objects::nonNull)
                .distinct()
                .toArray(String[]::new));
        for (String path : paths) {
            KnownImage image = images.get(path);
            List<KnownImage> copies = image == null
                    ? List.of()
                    : releasedCopies.getOrDefault(image.hashes().get("sha256"), List.of());
            evidence.put(path, new ImageEvidence(image, healthy.getOrDefault(path, 0L), validated.get(path), copies));
        }
        return evidence;
    }

    /** Released, unrevoked images by content (sha256), each list in ascending release counter order. */
    private Map<String, List<KnownImage>> releasedCopies(String[] sha256s) {
        Map<String, List<KnownImage>> copies = new HashMap<>();
        if (sha256s.length == 0) {
            return copies;
        }
        jdbc.sql("""
                        select target_path, image_name, version, release_counter, length, hashes::text
                        from known_image
                        where hashes ->> 'sha256' = any(:hashes) and released and not revoked
                        order by release_counter
                        """)
                .param("hashes", sha256s)
                .query(FleetKnowledge::knownImage)
                .list()
                .forEach(image -> copies.computeIfAbsent(image.hashes().get("sha256"), k -> new ArrayList<>())
                        .add(image));
        return copies;
    }

    /** A {@code known_image} row selected as target_path, image_name, version, release_counter, length, hashes. */
    private static KnownImage knownImage(java.sql.ResultSet rs, int row) throws SQLException {
        return new KnownImage(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getLong(4),
                rs.getLong(5),
                stringMap(rs.getString(6)));
    }

    /** Records that a person validated an image as a rollback target. */
    @Transactional
    public void validate(String targetPath, String validatedBy, String note) {
        jdbc.sql("""
                        insert into validated_image (target_path, validated_by, note, validated_at)
                        values (:path, :by, :note, now())
                        on conflict (target_path) do update
                            set validated_by = excluded.validated_by, note = excluded.note,
                                validated_at = excluded.validated_at
                        """)
                .param("path", targetPath)
                .param("by", validatedBy)
                .param("note", note)
                .update();
    }

    /** How many vehicles of a stage were assigned, in total or with a hardware id or model. */
    public long countStage(UUID campaignId, int stage, @Nullable String hardwareId, @Nullable String model) {
        return jdbc.sql("""
                        select count(*) from stage_assignment where campaign_id = :campaign and stage = :stage
                          and (cast(:hw as text) is null or :hw = any(hardware_ids))
                          and (cast(:model as text) is null or vehicle_model = :model)
                        """)
                .param("campaign", campaignId)
                .param("stage", stage)
                .param("hw", hardwareId)
                .param("model", model)
                .query(Long.class)
                .single();
    }

    /** How many vehicles of a stage failed. */
    public long countFailed(UUID campaignId, int stage) {
        return jdbc.sql("""
                        select count(distinct a.assignment_id) from stage_assignment a join assignment_failure f
                             on f.assignment_id = a.assignment_id and (f.vin = a.vin or f.vin is null)
                        where a.campaign_id = :campaign and a.stage = :stage
                        """)
                .param("campaign", campaignId)
                .param("stage", stage)
                .query(Long.class)
                .single();
    }

    public static List<EcuTarget> targets(String json) {
        List<EcuTarget> targets = new ArrayList<>();
        for (JsonNode node : EventCodec.mapper().readTree(json)) {
            targets.add(EventCodec.mapper().treeToValue(node, EcuTarget.class));
        }
        return targets;
    }

    private static Map<String, String> stringMap(String json) {
        Map<String, String> map = new LinkedHashMap<>();
        for (var entry : EventCodec.mapper().readTree(json).properties()) {
            map.put(entry.getKey(), entry.getValue().asString());
        }
        return map;
    }

    private static List<String> strings(@Nullable Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
