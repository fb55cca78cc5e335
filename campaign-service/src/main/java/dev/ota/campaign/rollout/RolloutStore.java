package dev.ota.campaign.rollout;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stages and campaign vehicles in PostgreSQL. Callers hold the campaign row lock where it matters. */
@Repository
class RolloutStore {

    /** How the reason of a vehicle put back for a retry begins. */
    static final String RETRY = "retry: ";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    RolloutStore(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    void insertVehicles(UUID campaign, Map<String, Integer> stageOf, Map<String, String> stratumOf) {
        MapSqlParameterSource[] rows = stageOf.entrySet().stream()
                .map(e -> new MapSqlParameterSource()
                        .addValue("c", campaign)
                        .addValue("vin", e.getKey())
                        .addValue("stage", e.getValue())
                        .addValue("stratum", stratumOf.get(e.getKey())))
                .toArray(MapSqlParameterSource[]::new);
        named.batchUpdate("""
                        insert into campaign_vehicle (campaign_id, vin, stage, stratum, status)
                        values (:c, :vin, :stage, :stratum, 'PENDING') on conflict do nothing
                        """, rows);
    }

    void insertStage(UUID campaign, int stage, int planned, StageState state, @Nullable Instant startedAt) {
        jdbc.sql("""
                        insert into campaign_stage (campaign_id, stage, planned, state, started_at)
                        values (:c, :s, :p, :state, :at)
                        """)
                .param("c", campaign)
                .param("s", stage)
                .param("p", planned)
                .param("state", state.name())
                .param("at", startedAt == null ? null : Timestamp.from(startedAt))
                .update();
    }

    void stageState(UUID campaign, int stage, StageState state, Instant at) {
        String column = switch (state) {
            case DISPATCHING -> "started_at";
            case SOAKING -> "dispatched_at";
            default -> "completed_at";
        };
        jdbc.sql("update campaign_stage set state = :state, " + column + " = :at where campaign_id = :c and stage = :s")
                .param("state", state.name())
                .param("at", Timestamp.from(at))
                .param("c", campaign)
                .param("s", stage)
                .update();
    }

    /** Records a stage's verdict and what it counted; a FAIL is never replaced. */
    void verdict(UUID campaign, int stage, String verdict, String detail, long samples, long failures, Instant at) {
        jdbc.sql("""
                        update campaign_stage set verdict = :v, verdict_detail = :d, verdict_at = :at,
                            verdict_samples = :n, verdict_failures = :f
                        where campaign_id = :c and stage = :s and (verdict is null or verdict <> 'FAIL')
                        """)
                .param("v", verdict)
                .param("d", detail)
                .param("n", samples)
                .param("f", failures)
                .param("at", Timestamp.from(at))
                .param("c", campaign)
                .param("s", stage)
                .update();
    }

    void logVerdict(dev.ota.contracts.events.StageVerdict verdict) {
        jdbc.sql("""
                        insert into verdict_log (campaign_id, stage, cohort, outcome, samples, failures, upper_bound,
                                                 threshold, at)
                        values (:c, :s, :cohort, :o, :n, :f, :ub, :t, :at)
                        """)
                .param("c", verdict.campaignId())
                .param("s", verdict.stage())
                .param("cohort", verdict.cohort())
                .param("o", verdict.outcome().name())
                .param("n", verdict.samples())
                .param("f", verdict.failures())
                .param("ub", verdict.failureRateUpperBound())
                .param("t", verdict.threshold())
                .param("at", Timestamp.from(verdict.occurredAt()))
                .update();
    }

    List<HealthPoint> health(UUID campaign) {
        return jdbc.sql("select * from verdict_log where campaign_id = :c order by id desc limit 500")
                .param("c", campaign)
                .query((rs, n) -> new HealthPoint(
                        rs.getInt("stage"),
                        rs.getString("cohort"),
                        rs.getString("outcome"),
                        rs.getLong("samples"),
                        rs.getLong("failures"),
                        rs.getDouble("upper_bound"),
                        rs.getDouble("threshold"),
                        rs.getTimestamp("at").toInstant()))
                .list()
                .reversed();
    }

    Optional<StageView> stage(UUID campaign, int stage) {
        return stages(campaign).stream().filter(s -> s.stage() == stage).findFirst();
    }

    List<StageView> stages(UUID campaign) {
        Map<Integer, Map<VehicleStatus, Long>> counts = new HashMap<>();
        Map<Integer, List<StageView.NotUpdated>> notUpdated = new HashMap<>();
        jdbc.sql("""
                        select stage, status, reason, count(*) as n from campaign_vehicle where campaign_id = :c
                        group by stage, status, reason order by n desc, reason
                        """).param("c", campaign).query(rs -> {
            int stage = rs.getInt("stage");
            VehicleStatus status = VehicleStatus.valueOf(rs.getString("status"));
            String reason = rs.getString("reason");
            long n = rs.getLong("n");
            counts.computeIfAbsent(stage, s -> new EnumMap<>(VehicleStatus.class))
                    .merge(status, n, Long::sum);
            List<StageView.NotUpdated> listed = notUpdated.computeIfAbsent(stage, s -> new ArrayList<>());
            if (listed.size() < NOT_UPDATED_REASONS && (status.didNotUpdate() || waitsForRetry(status, reason))) {
                listed.add(new StageView.NotUpdated(status, reason, n));
            }
        });
        return jdbc.sql("select * from campaign_stage where campaign_id = :c order by stage")
                .param("c", campaign)
                .query((rs, n) -> {
                    Map<VehicleStatus, Long> vehicles = counts.getOrDefault(rs.getInt("stage"), Map.of());
                    return new StageView(
                            rs.getInt("stage"),
                            rs.getInt("planned"),
                            StageState.valueOf(rs.getString("state")),
                            instant(rs, "started_at"),
                            instant(rs, "dispatched_at"),
                            rs.getString("verdict"),
                            rs.getString("verdict_detail"),
                            instant(rs, "completed_at"),
                            vehicles,
                            vehicles.entrySet().stream()
                                    .filter(e -> e.getKey().awaitsOutcome())
                                    .mapToLong(Map.Entry::getValue)
                                    .sum(),
                            notUpdated.getOrDefault(rs.getInt("stage"), List.of()),
                            rs.getString("review"));
                })
                .list();
    }

    /** The most groups of vehicles that did not update a stage view lists. */
    static final int NOT_UPDATED_REASONS = 10;

    /** A vehicle put back to PENDING after a failure ({@link #retryLater}) waits for its retry. */
    private static boolean waitsForRetry(VehicleStatus status, @Nullable String reason) {
        return status == VehicleStatus.PENDING && reason != null && reason.startsWith(RETRY);
    }

    /** What the gate checks a stage's verdict against: what it counted, and what a person accepted by resuming. */
    record VerdictCounts(long samples, long failures, long acceptedFailures) {}

    Optional<VerdictCounts> verdictCounts(UUID campaign, int stage) {
        return jdbc.sql("""
                        select verdict_samples, verdict_failures, accepted_failures from campaign_stage
                        where campaign_id = :c and stage = :s and verdict_failures is not null
                        """)
                .param("c", campaign)
                .param("s", stage)
                .query((rs, n) -> new VerdictCounts(
                        rs.getLong("verdict_samples"), rs.getLong("verdict_failures"), rs.getLong("accepted_failures")))
                .optional();
    }

    /**
     * The failures of the release the campaign recorded in a stage: vehicles that failed to install, fell back, failed
     * their manifest check or timed out. Not counted, as the health service does not count them either: rejections
     * (the vehicle refused the update before running it: a refused signature, a declined consent), platform faults,
     * incompatible and cancelled vehicles.
     */
    long releaseFailures(UUID campaign, int stage) {
        return jdbc.sql("""
                        select count(*) from campaign_vehicle where campaign_id = :c and stage = :s
                          and (status = 'TIMED_OUT' or (status = 'FAILED' and reason not like 'REJECTED:%'))
                        """)
                .param("c", campaign)
                .param("s", stage)
                .query(Long.class)
                .single();
    }

    /** Records why the gate paused the campaign over a stage, and the failures accepted when a person resumes it. */
    void review(UUID campaign, int stage, String review, long acceptedFailures) {
        jdbc.sql("""
                        update campaign_stage set review = :r, accepted_failures = :f
                        where campaign_id = :c and stage = :s
                        """)
                .param("r", review)
                .param("f", acceptedFailures)
                .param("c", campaign)
                .param("s", stage)
                .update();
    }

    /** Vehicles of the stage whose outcome is still to come: pending (or waiting for a retry), assigned, installing. */
    long awaitingOutcome(UUID campaign, int stage) {
        return jdbc.sql("""
                        select count(*) from campaign_vehicle where campaign_id = :c and stage = :s
                          and status in ('PENDING', 'ASSIGNED', 'IN_PROGRESS')
                        """)
                .param("c", campaign)
                .param("s", stage)
                .query(Long.class)
                .single();
    }

    long pending(UUID campaign, int stage) {
        return jdbc.sql(
                        "select count(*) from campaign_vehicle where campaign_id = :c and stage = :s and status = 'PENDING'")
                .param("c", campaign)
                .param("s", stage)
                .query(Long.class)
                .single();
    }

    /**
     * Vehicles of the stages up to {@code stage} due for (re)assignment now, those never tried first, then by next
     * attempt and VIN. One ordered, limited branch per stage over {@code campaign_vehicle_due}, merged: a round reads
     * about one page, not every pending vehicle of the campaign.
     */
    List<CampaignVehicle> due(UUID campaign, int stage, Instant now, int limit) {
        String branch = """
                (select * from campaign_vehicle
                 where campaign_id = :c and stage = %d and status = 'PENDING'
                   and (next_attempt_at is null or next_attempt_at <= :now)
                 order by next_attempt_at nulls first, vin limit :limit)""";
        String sql = IntStream.rangeClosed(1, Math.max(stage, 1))
                .mapToObj(branch::formatted)
                .collect(Collectors.joining(
                        " union all ",
                        "select * from (",
                        ") due order by next_attempt_at nulls first, vin limit :limit"));
        return jdbc.sql(sql)
                .param("c", campaign)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query(RolloutStore::vehicle)
                .list();
    }

    Optional<CampaignVehicle> byAssignment(UUID assignment) {
        return jdbc.sql("select * from campaign_vehicle where assignment_id = :a for update")
                .param("a", assignment)
                .query(RolloutStore::vehicle)
                .optional();
    }

    /** A campaign vehicle that reported success and waits for its confirming manifest. */
    record AwaitingManifest(UUID campaign, CampaignVehicle vehicle) {}

    /** The vehicle's assignments waiting for a manifest, whose success was reported at or before {@code reportedAt}. */
    List<AwaitingManifest> awaitingManifest(String vin, Instant reportedAt) {
        return jdbc.sql("""
                        select * from campaign_vehicle where vin = :vin and phase = 'AWAITING_MANIFEST'
                          and status = 'IN_PROGRESS' and last_progress_at <= :at for update
                        """)
                .param("vin", vin)
                .param("at", Timestamp.from(reportedAt))
                .query((rs, n) -> new AwaitingManifest(rs.getObject("campaign_id", UUID.class), vehicle(rs, n)))
                .list();
    }

    Optional<UUID> campaignOfAssignment(UUID assignment) {
        return jdbc.sql("select campaign_id from campaign_vehicle where assignment_id = :a")
                .param("a", assignment)
                .query(UUID.class)
                .optional();
    }

    List<CampaignVehicle> vehicles(UUID campaign, @Nullable VehicleStatus status, int limit, int offset) {
        return jdbc.sql("""
                        select * from campaign_vehicle where campaign_id = :c and (:st = '' or status = :st)
                        order by stage, vin limit :limit offset :offset
                        """)
                .param("c", campaign)
                .param("st", status == null ? "" : status.name())
                .param("limit", limit)
                .param("offset", offset)
                .query(RolloutStore::vehicle)
                .list();
    }

    /**
     * Whether a vehicle of the campaign is not yet at an outcome: pending (waiting for dispatch, a retry, a window),
     * assigned or installing. Stops at the first one found.
     */
    boolean anyUnfinished(UUID campaign) {
        return jdbc.sql("select exists (select 1 from campaign_vehicle where campaign_id = :c "
                        + "and status in ('PENDING', 'ASSIGNED', 'IN_PROGRESS'))")
                .param("c", campaign)
                .query(Boolean.class)
                .single();
    }

    List<CampaignVehicle> open(UUID campaign) {
        return jdbc.sql(
                        "select * from campaign_vehicle where campaign_id = :c and status in ('ASSIGNED', 'IN_PROGRESS')")
                .param("c", campaign)
                .query(RolloutStore::vehicle)
                .list();
    }

    List<CampaignVehicle> stalled(UUID campaign, Instant before) {
        return jdbc.sql("""
                        select * from campaign_vehicle where campaign_id = :c and status in ('ASSIGNED', 'IN_PROGRESS')
                          and last_progress_at < :before for update skip locked
                        """)
                .param("c", campaign)
                .param("before", Timestamp.from(before))
                .query(RolloutStore::vehicle)
                .list();
    }

    void assigned(UUID campaign, List<Assignment> assignments, Instant at) {
        MapSqlParameterSource[] rows = assignments.stream()
                .map(a -> new MapSqlParameterSource()
                        .addValue("c", campaign)
                        .addValue("vin", a.vin())
                        .addValue("a", a.assignmentId())
                        .addValue("at", Timestamp.from(at)))
                .toArray(MapSqlParameterSource[]::new);
        named.batchUpdate("""
                        update campaign_vehicle set status = 'ASSIGNED', assignment_id = :a, attempts = attempts + 1,
                            assigned_at = :at, last_progress_at = :at, last_report_at = null, next_attempt_at = null,
                            phase = null, reason = null
                        where campaign_id = :c and vin = :vin
                        """, rows);
    }

    void settle(UUID campaign, String vin, VehicleStatus status, @Nullable String reason) {
        jdbc.sql("update campaign_vehicle set status = :st, reason = :r where campaign_id = :c and vin = :vin")
                .param("st", status.name())
                .param("r", reason)
                .param("c", campaign)
                .param("vin", vin)
                .update();
    }

    /** Settles several vehicles of a dispatch round in one batch. */
    void settle(UUID campaign, List<Settlement> settlements) {
        if (settlements.isEmpty()) {
            return;
        }
        MapSqlParameterSource[] rows = settlements.stream()
                .map(s -> new MapSqlParameterSource()
                        .addValue("c", campaign)
                        .addValue("vin", s.vin())
                        .addValue("st", s.status().name())
                        .addValue("r", s.reason()))
                .toArray(MapSqlParameterSource[]::new);
        named.batchUpdate(
                "update campaign_vehicle set status = :st, reason = :r where campaign_id = :c and vin = :vin", rows);
    }

    /** Defers several vehicles of a dispatch round in one batch. */
    void defer(UUID campaign, List<Deferral> deferrals) {
        if (deferrals.isEmpty()) {
            return;
        }
        MapSqlParameterSource[] rows = deferrals.stream()
                .map(d -> new MapSqlParameterSource()
                        .addValue("c", campaign)
                        .addValue("vin", d.vin())
                        .addValue("t", Timestamp.from(d.until()))
                        .addValue("r", d.reason()))
                .toArray(MapSqlParameterSource[]::new);
        named.batchUpdate(
                "update campaign_vehicle set next_attempt_at = :t, reason = :r where campaign_id = :c and vin = :vin",
                rows);
    }

    void retryLater(UUID campaign, String vin, Instant at, String reason) {
        jdbc.sql("""
                        update campaign_vehicle set status = 'PENDING', next_attempt_at = :t, reason = :r
                        where campaign_id = :c and vin = :vin
                        """)
                .param("t", Timestamp.from(at))
                .param("r", RETRY + reason)
                .param("c", campaign)
                .param("vin", vin)
                .update();
    }

    /**
     * Records the vehicle's phase as of a report made at {@code at} (the vehicle's time), unless a newer report of the
     * same assignment was applied already: reports can overtake each other on their way, and an older one must not
     * move the vehicle back (e.g. a late INSTALLING over AWAITING_MANIFEST).
     */
    void progress(UUID campaign, String vin, String phase, Instant at) {
        jdbc.sql("""
                        update campaign_vehicle set status = 'IN_PROGRESS', phase = :p, last_progress_at = :at,
                            last_report_at = :at
                        where campaign_id = :c and vin = :vin and (last_report_at is null or last_report_at <= :at)
                        """)
                .param("p", phase)
                .param("at", Timestamp.from(at))
                .param("c", campaign)
                .param("vin", vin)
                .update();
    }

    /**
     * Puts a vehicle that reported success into the phase that waits for its confirming manifest. A success report is
     * final for its assignment, so it applies whatever other report came before it; later, older reports then no
     * longer apply.
     */
    void awaitManifest(UUID campaign, String vin, Instant reportedAt) {
        jdbc.sql("""
                        update campaign_vehicle set status = 'IN_PROGRESS', phase = :p, last_progress_at = :at,
                            last_report_at = greatest(last_report_at, :at)
                        where campaign_id = :c and vin = :vin
                        """)
                .param("p", VehicleProgress.AWAITING_MANIFEST)
                .param("at", Timestamp.from(reportedAt))
                .param("c", campaign)
                .param("vin", vin)
                .update();
    }

    void evidence(UUID campaign, List<CompatibilityEvidence> checks) {
        MapSqlParameterSource[] rows = checks.stream()
                .map(e -> new MapSqlParameterSource()
                        .addValue("c", campaign)
                        .addValue("vin", e.vin())
                        .addValue("ok", e.compatible())
                        .addValue("r", e.reasons())
                        .addValue("m", e.manifestAt() == null ? null : Timestamp.from(e.manifestAt()))
                        .addValue("at", Timestamp.from(e.checkedAt())))
                .toArray(MapSqlParameterSource[]::new);
        named.batchUpdate("""
                        insert into compatibility_check (campaign_id, vin, compatible, reasons, manifest_at, checked_at)
                        values (:c, :vin, :ok, :r, :m, :at)
                        """, rows);
    }

    List<CompatibilityEvidence> evidence(UUID campaign, int limit) {
        return jdbc.sql("select * from compatibility_check where campaign_id = :c order by id desc limit :limit")
                .param("c", campaign)
                .param("limit", limit)
                .query((rs, n) -> new CompatibilityEvidence(
                        rs.getString("vin"),
                        rs.getBoolean("compatible"),
                        rs.getString("reasons"),
                        instant(rs, "manifest_at"),
                        rs.getTimestamp("checked_at").toInstant()))
                .list();
    }

    /** An assignment made in a dispatch round. */
    record Assignment(String vin, UUID assignmentId) {}

    /** A vehicle a dispatch round settled without assigning it (incompatible, already current). */
    record Settlement(
            String vin, VehicleStatus status, @Nullable String reason) {}

    /** A vehicle a dispatch round held back until a later time (maintenance window, geofence). */
    record Deferral(String vin, Instant until, String reason) {}

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    static CampaignVehicle vehicle(ResultSet rs, int row) throws SQLException {
        return new CampaignVehicle(
                rs.getString("vin"),
                rs.getInt("stage"),
                rs.getString("stratum"),
                VehicleStatus.valueOf(rs.getString("status")),
                rs.getObject("assignment_id", UUID.class),
                rs.getInt("attempts"),
                instant(rs, "next_attempt_at"),
                instant(rs, "assigned_at"),
                instant(rs, "last_progress_at"),
                rs.getString("phase"),
                rs.getString("reason"));
    }
}
