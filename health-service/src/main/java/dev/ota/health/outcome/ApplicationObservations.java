package dev.ota.health.outcome;

import dev.ota.contracts.events.ApplicationCheck;
import dev.ota.contracts.events.ApplicationStatus;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.health.verdict.ApplicationSeen;
import dev.ota.health.verdict.HealthLimits;
import dev.ota.health.verdict.OutcomeSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What vehicles reported about their applications, per assignment, hardware id and application name: whether it was
 * ever seen UP, DEGRADED or DOWN (flags that only turn on, so duplicates and reordering change nothing). Every reported
 * application is kept, required or not, because a stage's criteria may arrive after its beacons.
 */
@Component
class ApplicationObservations {

    private final JdbcClient jdbc;

    ApplicationObservations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One application of one hardware id of one assignment. */
    record Key(UUID assignmentId, String hardwareId, String name) {
        static final Comparator<Key> ORDER = Comparator.comparing(Key::assignmentId)
                .thenComparing(Key::hardwareId)
                .thenComparing(Key::name);
    }

    /** A required application an ECU reported DOWN. */
    record Down(String hardwareId, String name, @Nullable String detail) {}

    /** A poll's application checks, merged per key, with the stage the assignment counts in (if any). */
    static final class Poll {

        private final Map<Key, Merged> merged = new LinkedHashMap<>();

        void add(HealthBeacon beacon, OutcomeSnapshot counted) {
            for (ApplicationCheck check : beacon.applications()) {
                Key key = new Key(beacon.assignmentId(), beacon.hardwareId(), check.name());
                Merged fresh = new Merged(
                        counted.campaignId(),
                        counted.stage(),
                        check.status() == ApplicationStatus.UP,
                        check.status() == ApplicationStatus.DEGRADED,
                        check.status() == ApplicationStatus.DOWN,
                        check.status() == ApplicationStatus.UP ? null : check.detail());
                merged.merge(key, fresh, Merged::plus);
            }
        }
    }

    private record Merged(
            @Nullable UUID campaignId,
            @Nullable Integer stage,
            boolean up,
            boolean degraded,
            boolean down,
            @Nullable String detail) {

        Merged plus(Merged later) {
            return new Merged(
                    campaignId,
                    stage,
                    up || later.up,
                    degraded || later.degraded,
                    down || later.down,
                    later.detail != null ? later.detail : detail);
        }
    }

    /** The first application check of the beacon that reports a required application DOWN. */
    static Optional<Down> requiredDown(HealthBeacon beacon, HealthLimits limits) {
        return beacon.applications().stream()
                .filter(check ->
                        check.status() == ApplicationStatus.DOWN && limits.requires(beacon.hardwareId(), check.name()))
                .findFirst()
                .map(check -> new Down(beacon.hardwareId(), check.name(), check.detail()));
    }

    /**
     * Stores a poll's application checks (the assignments' rows are locked by the caller) and tells which stages'
     * counts they move: a vehicle seen DEGRADED or DOWN for the first time.
     */
    List<ApplicationSeen> store(Poll poll) {
        if (poll.merged.isEmpty()) {
            return List.of();
        }
        Map<Key, boolean[]> stored = new HashMap<>();
        List<UUID> ids =
                poll.merged.keySet().stream().map(Key::assignmentId).distinct().toList();
        for (List<UUID> chunk : AssignmentOutcomes.chunks(ids)) {
            jdbc.sql("""
                            select assignment_id, hardware_id, name, seen_degraded, seen_down from application_health
                            where assignment_id in (:ids)
                            """)
                    .param("ids", chunk)
                    .query((rs, n) -> stored.put(
                            new Key(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)),
                            new boolean[] {rs.getBoolean(4), rs.getBoolean(5)}))
                    .list();
        }
        List<ApplicationSeen> seen = new ArrayList<>();
        List<Key> keys = new ArrayList<>(poll.merged.keySet());
        keys.sort(Key.ORDER);
        List<Object[]> rows = new ArrayList<>(keys.size());
        for (Key key : keys) {
            Merged merged = poll.merged.get(key);
            if (merged == null) {
                continue;
            }
            boolean[] before = stored.getOrDefault(key, new boolean[] {false, false});
            boolean newlyDegraded = merged.degraded() && !before[0];
            boolean newlyDown = merged.down() && !before[1];
            UUID campaignId = merged.campaignId();
            Integer stage = merged.stage();
            if ((newlyDegraded || newlyDown) && campaignId != null && stage != null) {
                seen.add(
                        new ApplicationSeen(campaignId, stage, key.hardwareId(), key.name(), newlyDegraded, newlyDown));
            }
            rows.add(new Object[] {
                key.assignmentId(),
                key.hardwareId(),
                key.name(),
                merged.up(),
                merged.degraded(),
                merged.down(),
                merged.detail()
            });
        }
        for (List<Object[]> chunk : AssignmentOutcomes.chunks(rows)) {
            jdbc.sql("""
                            insert into application_health (assignment_id, hardware_id, name, seen_up, seen_degraded,
                                                            seen_down, detail)
                            values :rows
                            on conflict (assignment_id, hardware_id, name) do update set
                                seen_up = application_health.seen_up or excluded.seen_up,
                                seen_degraded = application_health.seen_degraded or excluded.seen_degraded,
                                seen_down = application_health.seen_down or excluded.seen_down,
                                detail = coalesce(excluded.detail, application_health.detail)
                            """).param("rows", chunk).update();
        }
        return seen;
    }

    /** A required application any ECU of the assignment reported DOWN, judged once the stage's criteria are known. */
    Optional<Down> requiredDown(UUID assignmentId, HealthLimits limits) {
        return jdbc
                .sql("""
                        select hardware_id, name, detail from application_health
                        where assignment_id = :id and seen_down order by hardware_id, name
                        """)
                .param("id", assignmentId)
                .query((rs, n) -> new Down(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list()
                .stream()
                .filter(down -> limits.requires(down.hardwareId(), down.name()))
                .findFirst();
    }

    /** The applications each hardware id of the assignment reported UP at least once. */
    Map<String, Set<String>> reportedUp(UUID assignmentId) {
        Map<String, Set<String>> up = new HashMap<>();
        jdbc.sql("select hardware_id, name from application_health where assignment_id = :id and seen_up")
                .param("id", assignmentId)
                .query((rs, n) -> up.computeIfAbsent(rs.getString(1), hw -> new HashSet<>())
                        .add(rs.getString(2)))
                .list();
        return up;
    }
}
