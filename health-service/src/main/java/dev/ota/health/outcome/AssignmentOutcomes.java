package dev.ota.health.outcome;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.AssignmentCancelled;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.events.RollbackAssigned;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.health.outcome.Signal.BeaconSeen;
import dev.ota.health.outcome.Signal.Progressed;
import dev.ota.health.verdict.ApplicationSeen;
import dev.ota.health.verdict.CohortTallies;
import dev.ota.health.verdict.HealthLimits;
import dev.ota.health.verdict.OutcomeSnapshot;
import dev.ota.health.verdict.Standing;
import dev.ota.platform.messaging.DeadLetters;
import dev.ota.platform.messaging.RefusedReports;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies reports to assignment outcomes. Each call locks the assignment's row, computes the next outcome with
 * {@link OutcomeTransitions}, stores it and moves the cohort counters by the difference.
 *
 * <p>Every vehicle fact is bound to the vehicle that sent it: a report counts only for an assignment of the reporting
 * VIN. A report naming another vehicle's assignment is refused ({@link RefusedReports#vinMismatch}: counted, and
 * dead-lettered with the reason). A report may arrive before its assignment (another topic); its VIN cannot be checked
 * yet, so it is kept in {@code early_report}, not applied, and when the assignment arrives the reports of its VIN are
 * applied in arrival order and those of any other VIN are discarded (counted). The assignment events are the platform's
 * word on whose assignment it is.
 */
@Service
class AssignmentOutcomes {

    private static final Logger log = LoggerFactory.getLogger(AssignmentOutcomes.class);

    /** Rows per multi-row statement of the beacon path (PostgreSQL allows 65,535 parameters per statement). */
    private static final int ROWS_PER_STATEMENT = 1000;

    private static final String OUTCOME_UPDATE = """
            update assignment_outcome set state = :state, reason_code = :code, reason = :reason,
                failed_hardware_id = :failedHw, rebooted_at = :rebootedAt, finished_at = :finishedAt,
                updated_at = now()
            where assignment_id = :id
            """;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final CohortTallies tallies;
    private final RefusedReports refused;
    private final DeadLetters deadLetters;
    private final TransactionTemplate savepoint;
    private final ApplicationObservations applications;

    AssignmentOutcomes(
            JdbcClient jdbc,
            NamedParameterJdbcTemplate named,
            CohortTallies tallies,
            RefusedReports refused,
            DeadLetters deadLetters,
            PlatformTransactionManager transactions,
            ApplicationObservations applications) {
        this.jdbc = jdbc;
        this.applications = applications;
        this.named = named;
        this.tallies = tallies;
        this.refused = refused;
        this.deadLetters = deadLetters;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    @Transactional
    public void assigned(UpdateAssigned assigned) {
        Row row = lock(assigned.assignmentId(), assigned.vin());
        if (!row.kind().equals(Row.UNKNOWN)) {
            return;
        }
        row = ownedBy(row, assigned.vin());
        Row known = row.known(
                Row.UPDATE,
                assigned.campaignId(),
                assigned.stage(),
                assigned.vehicleModel(),
                assigned.targets(),
                assigned.occurredAt());
        Outcome outcome = known.outcome();
        if (outcome.state() != OutcomeState.CANCELLED && !outcome.state().isFinal()) {
            outcome = judgeEcusNowLimitsAreKnown(known, outcome);
        }
        save(row, known.with(outcome), true);
        applyEarlyReports(assigned.assignmentId(), assigned.vin());
    }

    @Transactional
    public void rollbackAssigned(RollbackAssigned assigned) {
        Row row = lock(assigned.assignmentId(), assigned.vin());
        if (row.kind().equals(Row.UNKNOWN)) {
            row = ownedBy(row, assigned.vin());
            save(
                    row,
                    row.known(
                            Row.ROLLBACK, assigned.campaignId(), null, null, assigned.targets(), assigned.occurredAt()),
                    true);
            applyEarlyReports(assigned.assignmentId(), assigned.vin());
        }
    }

    @Transactional
    public void cancelled(AssignmentCancelled cancelled) {
        Row row = lock(cancelled.assignmentId(), cancelled.vin());
        if (row.kind().equals(Row.UNKNOWN)) {
            row = ownedBy(row, cancelled.vin());
        }
        apply(row, new Signal.Cancelled(cancelled.reason()));
    }

    /**
     * Applies a progress report of the assignment's own vehicle; keeps it for later while the assignment is unknown.
     *
     * @throws MalformedEventException (a refusal) when the reporting VIN is not the assignment's
     */
    @Transactional
    public void progressed(UpdateProgress progress) {
        Row row = lock(progress.assignmentId(), progress.vin());
        if (row.kind().equals(Row.UNKNOWN)) {
            keepUntilAssigned(List.of(progress));
            return;
        }
        if (!row.vin().equals(progress.vin())) {
            throw refused.vinMismatch(progress.type(), progress.vin(), progress.assignmentId(), row.vin());
        }
        apply(
                row,
                new Progressed(
                        progress.phase(),
                        progress.reason(),
                        row.hardwareOf(progress.ecuSerial()),
                        progress.occurredAt()));
    }

    /**
     * What became of a poll's beacons.
     *
     * @param finals assignments whose outcome is final afterwards (later beacons cannot change anything)
     * @param waiting positions (in the list given) of beacons kept until their assignment arrives
     * @param refused positions of beacons refused, with the reason: they name another vehicle's assignment
     */
    record Applied(Set<UUID> finals, Set<Integer> waiting, Map<Integer, String> refused) {}

    /**
     * Applies a poll's beacons in one transaction, in their order, and tells which of their assignments are final
     * afterwards. The assignments' rows are created where missing and locked with one statement each (in a fixed
     * order), each ECU's merge and each changed outcome are written once, and the counters move once per cohort for the
     * whole poll (see {@link CohortTallies#recordAll}). The result is the same as applying the beacons one by one: the
     * merges are monotone and the transitions only move forward. A beacon of an unknown assignment is kept until the
     * assignment arrives; one from a VIN that is not the assignment's is refused and changes nothing.
     */
    @Transactional
    public Applied beacons(List<HealthBeacon> beacons) {
        Map<UUID, String> vins = new LinkedHashMap<>();
        beacons.forEach(b -> vins.putIfAbsent(b.assignmentId(), b.vin()));
        Map<UUID, Row> before = lockAll(vins);
        Map<UUID, Row> rows = new HashMap<>(before);
        Map<List<Object>, Object[]> ecus = new LinkedHashMap<>();
        List<HealthBeacon> early = new ArrayList<>();
        Set<Integer> waiting = new HashSet<>();
        Map<Integer, String> refusals = new HashMap<>();
        ApplicationObservations.Poll applicationChecks = new ApplicationObservations.Poll();
        for (int i = 0; i < beacons.size(); i++) {
            HealthBeacon beacon = beacons.get(i);
            Row row = Objects.requireNonNull(rows.get(beacon.assignmentId()), "a row per assignment, UNKNOWN if new");
            if (row.kind().equals(Row.UNKNOWN)) {
                early.add(beacon);
                waiting.add(i);
                continue;
            }
            if (!row.vin().equals(beacon.vin())) {
                refusals.put(
                        i,
                        String.valueOf(
                                refused.vinMismatch(beacon.type(), beacon.vin(), beacon.assignmentId(), row.vin())
                                        .getMessage()));
                continue;
            }
            mergeEcu(ecus, beacon);
            if (!row.outcome().state().isFinal()) {
                // only what vehicles report until their outcome is final (the soak) counts
                applicationChecks.add(beacon, row.snapshot());
            }
            Optional<HealthLimits> limits = limitsOf(row);
            Optional<ApplicationObservations.Down> requiredDown =
                    limits.flatMap(l -> ApplicationObservations.requiredDown(beacon, l));
            FailureReason failure = null;
            String detail = "healthy";
            if (!beacon.bootOk()) {
                failure = FailureReason.BOOT_FAILED;
                detail = "ECU " + beacon.ecuSerial() + " (" + beacon.hardwareId() + ") did not boot";
            } else if (!beacon.appStarted()) {
                failure = FailureReason.APP_NOT_STARTED;
                detail = "ECU " + beacon.ecuSerial() + " (" + beacon.hardwareId() + ") application did not start";
            } else if (requiredDown.isPresent()) {
                failure = FailureReason.APPLICATION_DOWN;
                detail = "ECU " + beacon.ecuSerial() + " " + downDetail(requiredDown.get());
            } else if (limits.isPresent() && beacon.dtcDelta() > limits.get().maxDtcDelta()) {
                failure = FailureReason.DTC_LIMIT_EXCEEDED;
                detail = "ECU " + beacon.ecuSerial() + " (" + beacon.hardwareId() + ") shows " + beacon.dtcDelta()
                        + " new DTCs, limit " + limits.get().maxDtcDelta();
            }
            Outcome next = OutcomeTransitions.apply(
                    row.outcome(), new BeaconSeen(beacon.hardwareId(), failure, detail, beacon.measuredAt()));
            rows.put(row.assignmentId(), row.with(next));
        }
        keepUntilAssigned(early);
        upsertEcus(ecus.values());
        List<Row> changed = rows.values().stream()
                .filter(row -> !row.outcome().equals(rowBefore(before, row).outcome()))
                .toList();
        saveOutcomes(changed);
        List<ApplicationSeen> applicationsSeen = applications.store(applicationChecks);
        tallies.recordAll(
                changed.stream()
                        .map(row ->
                                new CohortTallies.Change(rowBefore(before, row).snapshot(), row.snapshot()))
                        .toList(),
                applicationsSeen);
        Set<UUID> finals = new HashSet<>();
        rows.values().stream()
                .filter(row ->
                        !row.kind().equals(Row.UNKNOWN) && row.outcome().state().isFinal())
                .forEach(row -> finals.add(row.assignmentId()));
        return new Applied(finals, waiting, refusals);
    }

    /** Keeps reports of assignments not known yet (their rows are locked by the caller), in arrival order. */
    private void keepUntilAssigned(List<? extends OtaEvent> reports) {
        List<Object[]> rows = new ArrayList<>(reports.size());
        for (OtaEvent report : reports) {
            switch (report) {
                case UpdateProgress p ->
                    rows.add(new Object[] {p.assignmentId(), p.vin(), p.type(), EventCodec.encode(p)});
                case HealthBeacon b ->
                    rows.add(new Object[] {b.assignmentId(), b.vin(), b.type(), EventCodec.encode(b)});
                default -> throw new IllegalArgumentException("not a report about an assignment: " + report.type());
            }
        }
        for (List<Object[]> chunk : chunks(rows)) {
            jdbc.sql("""
                            insert into early_report (assignment_id, vin, event_type, payload)
                            select cast(v.id as uuid), v.vin, v.type, cast(v.payload as bytea)
                            from (values :rows) as v(id, vin, type, payload)
                            """).param("rows", chunk).update();
        }
    }

    /**
     * Binds a row whose assignment was not known to the VIN the platform assigned it to. When a report of another VIN
     * created the row, whatever that vehicle's reports recorded is discarded (rows written before reports waited for
     * their assignment): the outcome starts afresh and its ECU observations are deleted.
     */
    private Row ownedBy(Row row, String vin) {
        if (row.vin().equals(vin)) {
            return row;
        }
        int ecus = jdbc.sql("delete from ecu_health where assignment_id = :id")
                .param("id", row.assignmentId())
                .update();
        jdbc.sql("""
                        update assignment_outcome set vin = :vin, state = 'ASSIGNED', reason_code = null, reason = null,
                            failed_hardware_id = null, rebooted_at = null, finished_at = null, updated_at = now()
                        where assignment_id = :id
                        """).param("id", row.assignmentId()).param("vin", vin).update();
        log.warn(
                "assignment {} is for VIN {}, but VIN {} reported on it first: what it reported is discarded"
                        + " ({} ECU rows)",
                row.assignmentId(),
                vin,
                row.vin(),
                ecus);
        return new Row(
                row.assignmentId(),
                vin,
                row.kind(),
                row.campaignId(),
                row.stage(),
                row.vehicleModel(),
                row.ecuSerials(),
                row.hardwareIds(),
                row.assignedAt(),
                Outcome.ASSIGNED);
    }

    /**
     * Applies, in arrival order, the reports kept while the assignment was unknown: those of its VIN. Those of another
     * VIN are discarded and counted as refused. Each is applied within a savepoint: one the database refuses (a beacon
     * whose fields do not fit) is dead-lettered alone and cannot take the assignment down with it.
     */
    private void applyEarlyReports(UUID assignmentId, String vin) {
        List<EarlyReport> early = new ArrayList<>(jdbc.sql(
                        "delete from early_report where assignment_id = :id returning id, vin, event_type, payload")
                .param("id", assignmentId)
                .query((rs, n) -> new EarlyReport(
                        rs.getLong("id"), rs.getString("vin"), rs.getString("event_type"), rs.getBytes("payload")))
                .list());
        early.sort(Comparator.comparingLong(EarlyReport::id));
        for (EarlyReport report : early) {
            if (!report.vin().equals(vin)) {
                refused.count(RefusedReports.VIN_MISMATCH, report.type(), 1);
                log.warn(
                        "discarded a {} from VIN {} that named assignment {} of VIN {} before it arrived",
                        report.type(),
                        report.vin(),
                        assignmentId,
                        vin);
                continue;
            }
            OtaEvent event = EventCodec.decode(report.payload()).orElse(null);
            try {
                savepoint.executeWithoutResult(status -> {
                    switch (event) {
                        case UpdateProgress progress -> progressed(progress);
                        case HealthBeacon beacon -> beacons(List.of(beacon));
                        case null, default -> {}
                    }
                });
            } catch (RuntimeException failed) {
                Throwable cause = failed;
                while (cause.getCause() != null && cause.getCause() != cause) {
                    cause = cause.getCause();
                }
                log.warn("a {} kept for assignment {} could not be applied: {}", report.type(), assignmentId, cause);
                deadLetters.send(
                        event == null ? Topics.VEHICLE_REPORTS : event.topic(),
                        report.vin(),
                        report.payload(),
                        "early_report " + report.id(),
                        String.valueOf(cause.getMessage()));
            }
        }
    }

    private record EarlyReport(long id, String vin, String type, byte[] payload) {}

    /** Creates the rows that do not exist yet and locks them all, in assignment id order. */
    private static Row rowBefore(Map<UUID, Row> before, Row row) {
        return Objects.requireNonNull(before.get(row.assignmentId()), "every row was locked first");
    }

    private Map<UUID, Row> lockAll(Map<UUID, String> vins) {
        List<Object[]> missing = new ArrayList<>(vins.size());
        vins.forEach((id, vin) -> missing.add(new Object[] {id, vin}));
        for (List<Object[]> chunk : chunks(missing)) {
            jdbc.sql("""
                            insert into assignment_outcome (assignment_id, vin, kind, state)
                            select cast(v.id as uuid), v.vin, 'UNKNOWN', 'ASSIGNED' from (values :rows) as v(id, vin)
                            order by 1
                            on conflict (assignment_id) do nothing
                            """).param("rows", chunk).update();
        }
        Map<UUID, Row> rows = new HashMap<>();
        for (List<UUID> chunk : chunks(new ArrayList<>(vins.keySet()))) {
            jdbc.sql("select * from assignment_outcome where assignment_id in (:ids) order by assignment_id for update")
                    .param("ids", chunk)
                    .query(Row::map)
                    .list()
                    .forEach(row -> rows.put(row.assignmentId(), row));
        }
        return rows;
    }

    /** Folds a beacon into the poll's merge for its ECU, as the upsert folds it into the stored row. */
    private static void mergeEcu(Map<List<Object>, Object[]> ecus, HealthBeacon beacon) {
        Object[] fresh = {
            beacon.assignmentId(),
            beacon.ecuSerial(),
            beacon.hardwareId(),
            beacon.bootOk() && beacon.appStarted(),
            !beacon.bootOk(),
            !beacon.appStarted(),
            beacon.dtcDelta(),
            Timestamp.from(beacon.measuredAt())
        };
        ecus.merge(List.of(beacon.assignmentId(), beacon.ecuSerial()), fresh, (known, next) -> new Object[] {
            known[0],
            known[1],
            known[2],
            (Boolean) known[3] || (Boolean) next[3],
            (Boolean) known[4] || (Boolean) next[4],
            (Boolean) known[5] || (Boolean) next[5],
            Math.max((Integer) known[6], (Integer) next[6]),
            ((Timestamp) known[7]).before((Timestamp) next[7]) ? known[7] : next[7]
        });
    }

    private void upsertEcus(Collection<Object[]> merged) {
        List<Object[]> sorted = new ArrayList<>(merged);
        sorted.sort(Comparator.comparing((Object[] r) -> (UUID) r[0]).thenComparing(r -> (String) r[1]));
        for (List<Object[]> chunk : chunks(sorted)) {
            jdbc.sql("""
                            insert into ecu_health (assignment_id, ecu_serial, hardware_id, confirmed, boot_failed,
                                                    app_failed, max_dtc_delta, first_seen_at)
                            values :rows
                            on conflict (assignment_id, ecu_serial) do update set
                                confirmed = ecu_health.confirmed or excluded.confirmed,
                                boot_failed = ecu_health.boot_failed or excluded.boot_failed,
                                app_failed = ecu_health.app_failed or excluded.app_failed,
                                max_dtc_delta = greatest(ecu_health.max_dtc_delta, excluded.max_dtc_delta),
                                first_seen_at = least(ecu_health.first_seen_at, excluded.first_seen_at)
                            """).param("rows", chunk).update();
        }
    }

    /** Stores changed outcomes (not the assignment's own fields) with one JDBC batch. */
    private void saveOutcomes(List<Row> changed) {
        if (changed.isEmpty()) {
            return;
        }
        Timestamp now = new Timestamp(System.currentTimeMillis());
        SqlParameterSource[] batch = changed.stream()
                .map(row -> {
                    Outcome o = row.outcome();
                    return new MapSqlParameterSource()
                            .addValue("id", row.assignmentId())
                            .addValue("state", o.state().name())
                            .addValue(
                                    "code",
                                    o.reasonCode() == null
                                            ? null
                                            : o.reasonCode().name())
                            .addValue("reason", o.reason())
                            .addValue("failedHw", o.failedHardwareId())
                            .addValue("rebootedAt", o.rebootedAt() == null ? null : Timestamp.from(o.rebootedAt()))
                            .addValue("finishedAt", o.state().isFinal() ? now : null);
                })
                .toArray(SqlParameterSource[]::new);
        named.batchUpdate(OUTCOME_UPDATE, batch);
    }

    /** A list in slices of at most {@link #ROWS_PER_STATEMENT}, one multi-row statement each. */
    static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += ROWS_PER_STATEMENT) {
            chunks.add(all.subList(i, Math.min(all.size(), i + ROWS_PER_STATEMENT)));
        }
        return chunks;
    }

    /**
     * Promotes a vehicle that soaked with every ECU confirmed healthy, fails one whose ECUs broke a limit, and times
     * out one that never confirmed.
     */
    @Transactional
    public void evaluateSoaked(UUID assignmentId, Instant now, java.time.Duration confirmationTimeout) {
        Row row = jdbc.sql("select * from assignment_outcome where assignment_id = :id for update skip locked")
                .param("id", assignmentId)
                .query(Row::map)
                .optional()
                .orElse(null);
        if (row == null || row.outcome().state() != OutcomeState.REBOOTED) {
            return;
        }
        Optional<HealthLimits> limits = limitsOf(row);
        Instant rebootedAt = row.outcome().rebootedAt();
        if (limits.isEmpty() || rebootedAt == null) {
            return;
        }
        Outcome judged = judgeEcusNowLimitsAreKnown(row, row.outcome());
        if (judged.state().isFinal()) {
            save(row, row.with(judged), false);
            return;
        }
        List<String> unconfirmed = unconfirmedEcus(row, limits.get());
        if (unconfirmed.isEmpty()) {
            apply(row, new Signal.Soaked());
        } else if (!rebootedAt
                .plus(limits.get().soakTime())
                .plus(confirmationTimeout)
                .isAfter(now)) {
            apply(
                    row,
                    new Signal.TimedOut(
                            FailureReason.NO_HEALTH_CONFIRMATION,
                            "no healthy beacon from ECU(s) " + unconfirmed + " within the soak time plus "
                                    + confirmationTimeout));
        }
    }

    /** Times out an assignment that did not reboot into the update in time. */
    @Transactional
    public void timeOutInstall(UUID assignmentId, java.time.Duration installTimeout) {
        jdbc.sql("select * from assignment_outcome where assignment_id = :id for update skip locked")
                .param("id", assignmentId)
                .query(Row::map)
                .optional()
                .filter(row -> row.outcome().state().isBefore(OutcomeState.REBOOTED))
                .ifPresent(row -> apply(
                        row,
                        new Signal.TimedOut(
                                FailureReason.INSTALL_TIMEOUT, "not installed and rebooted within " + installTimeout)));
    }

    private Outcome judgeEcusNowLimitsAreKnown(Row row, Outcome outcome) {
        Optional<HealthLimits> limits = limitsOf(row);
        if (limits.isEmpty()) {
            return outcome;
        }
        return jdbc.sql("""
                        select ecu_serial, hardware_id, boot_failed, app_failed, max_dtc_delta from ecu_health
                        where assignment_id = :id and (boot_failed or app_failed or max_dtc_delta > :limit)
                        order by ecu_serial limit 1
                        """)
                .param("id", row.assignmentId())
                .param("limit", limits.get().maxDtcDelta())
                .query((rs, n) -> {
                    String ecu = "ECU " + rs.getString("ecu_serial") + " (" + rs.getString("hardware_id") + ")";
                    FailureReason reason = rs.getBoolean("boot_failed")
                            ? FailureReason.BOOT_FAILED
                            : rs.getBoolean("app_failed")
                                    ? FailureReason.APP_NOT_STARTED
                                    : FailureReason.DTC_LIMIT_EXCEEDED;
                    return outcome.failed(reason, ecu + " failed: " + reason, rs.getString("hardware_id"));
                })
                .optional()
                .or(() -> applications
                        .requiredDown(row.assignmentId(), limits.get())
                        .map(down ->
                                outcome.failed(FailureReason.APPLICATION_DOWN, downDetail(down), down.hardwareId())))
                .orElse(outcome);
    }

    private static String downDetail(ApplicationObservations.Down down) {
        return "(" + down.hardwareId() + ") application " + down.name() + " DOWN"
                + (down.detail() == null ? "" : ": " + down.detail());
    }

    /**
     * The ECUs that have not confirmed: no beacon with boot OK and application started, or a required application of
     * their hardware id never reported UP (named).
     */
    private List<String> unconfirmedEcus(Row row, HealthLimits limits) {
        List<String> confirmed = jdbc.sql("select ecu_serial from ecu_health where assignment_id = :id and confirmed")
                .param("id", row.assignmentId())
                .query(String.class)
                .list();
        Map<String, Set<String>> reportedUp =
                limits.requiredApplications().isEmpty() ? Map.of() : applications.reportedUp(row.assignmentId());
        List<String> unconfirmed = new ArrayList<>();
        for (int i = 0; i < row.ecuSerials().size(); i++) {
            String serial = row.ecuSerials().get(i);
            String hardwareId = row.hardwareIds().get(i);
            List<String> notUp = limits.requiredOn(hardwareId).stream()
                    .filter(name ->
                            !reportedUp.getOrDefault(hardwareId, Set.of()).contains(name))
                    .sorted()
                    .toList();
            if (!confirmed.contains(serial)) {
                unconfirmed.add(serial);
            } else if (!notUp.isEmpty()) {
                unconfirmed.add(serial + " (" + String.join(", ", notUp) + " not reported UP)");
            }
        }
        return unconfirmed;
    }

    private Optional<HealthLimits> limitsOf(Row row) {
        Integer stage = row.stage();
        UUID campaignId = row.campaignId();
        if (!row.kind().equals(Row.UPDATE) || stage == null || campaignId == null) {
            return Optional.empty();
        }
        return tallies.limits(campaignId, stage);
    }

    private Outcome apply(Row row, Signal signal) {
        Outcome next = OutcomeTransitions.apply(row.outcome(), signal);
        if (!next.equals(row.outcome())) {
            save(row, row.with(next), false);
        }
        return next;
    }

    private Row lock(UUID assignmentId, String vin) {
        jdbc.sql("""
                        insert into assignment_outcome (assignment_id, vin, kind, state)
                        values (:id, :vin, 'UNKNOWN', 'ASSIGNED') on conflict (assignment_id) do nothing
                        """).param("id", assignmentId).param("vin", vin).update();
        return jdbc.sql("select * from assignment_outcome where assignment_id = :id for update")
                .param("id", assignmentId)
                .query(Row::map)
                .single();
    }

    private void save(Row before, Row after, boolean assignmentChanged) {
        Outcome o = after.outcome();
        String sql = assignmentChanged ? """
                update assignment_outcome set kind = :kind, campaign_id = :campaign, stage = :stage,
                    vehicle_model = :model, ecu_serials = :serials, hardware_ids = :hardware, assigned_at = :assignedAt,
                    state = :state, reason_code = :code, reason = :reason, failed_hardware_id = :failedHw,
                    rebooted_at = :rebootedAt, finished_at = :finishedAt, updated_at = now()
                where assignment_id = :id
                """ : """
                update assignment_outcome set state = :state, reason_code = :code, reason = :reason,
                    failed_hardware_id = :failedHw, rebooted_at = :rebootedAt, finished_at = :finishedAt,
                    updated_at = now()
                where assignment_id = :id
                """;
        var statement = jdbc.sql(sql)
                .param("id", after.assignmentId())
                .param("state", o.state().name())
                .param("code", o.reasonCode() == null ? null : o.reasonCode().name())
                .param("reason", o.reason())
                .param("failedHw", o.failedHardwareId())
                .param("rebootedAt", o.rebootedAt() == null ? null : Timestamp.from(o.rebootedAt()))
                .param("finishedAt", o.state().isFinal() ? new Timestamp(System.currentTimeMillis()) : null);
        if (assignmentChanged) {
            statement = statement
                    .param("kind", after.kind())
                    .param("campaign", after.campaignId())
                    .param("stage", after.stage())
                    .param("model", after.vehicleModel())
                    .param("serials", after.ecuSerials().toArray(String[]::new))
                    .param("hardware", after.hardwareIds().toArray(String[]::new))
                    .param("assignedAt", after.assignedAt() == null ? null : Timestamp.from(after.assignedAt()));
        }
        statement.update();
        tallies.record(before.snapshot(), after.snapshot());
    }

    /** One assignment_outcome row. */
    record Row(
            UUID assignmentId,
            String vin,
            String kind,
            @Nullable UUID campaignId,
            @Nullable Integer stage,
            @Nullable String vehicleModel,
            List<String> ecuSerials,
            List<String> hardwareIds,
            @Nullable Instant assignedAt,
            Outcome outcome) {

        static final String UNKNOWN = "UNKNOWN";
        static final String UPDATE = "UPDATE";
        static final String ROLLBACK = "ROLLBACK";

        static Row map(ResultSet rs, int rowNum) throws SQLException {
            Timestamp assignedAt = rs.getTimestamp("assigned_at");
            Timestamp rebootedAt = rs.getTimestamp("rebooted_at");
            String code = rs.getString("reason_code");
            Integer stage = (Integer) rs.getObject("stage");
            return new Row(
                    rs.getObject("assignment_id", UUID.class),
                    rs.getString("vin"),
                    rs.getString("kind"),
                    rs.getObject("campaign_id", UUID.class),
                    stage,
                    rs.getString("vehicle_model"),
                    strings(rs.getArray("ecu_serials")),
                    strings(rs.getArray("hardware_ids")),
                    assignedAt == null ? null : assignedAt.toInstant(),
                    new Outcome(
                            OutcomeState.valueOf(rs.getString("state")),
                            code == null ? null : FailureReason.valueOf(code),
                            rs.getString("reason"),
                            rs.getString("failed_hardware_id"),
                            rebootedAt == null ? null : rebootedAt.toInstant()));
        }

        private static List<String> strings(@Nullable Array array) throws SQLException {
            return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
        }

        Row known(
                String newKind,
                UUID campaign,
                @Nullable Integer newStage,
                @Nullable String model,
                List<EcuTarget> targets,
                Instant at) {
            return new Row(
                    assignmentId,
                    vin,
                    newKind,
                    campaign,
                    newStage,
                    model,
                    targets.stream().map(EcuTarget::ecuSerial).toList(),
                    targets.stream().map(EcuTarget::hardwareId).toList(),
                    at,
                    outcome);
        }

        Row with(Outcome next) {
            return new Row(
                    assignmentId,
                    vin,
                    kind,
                    campaignId,
                    stage,
                    vehicleModel,
                    ecuSerials,
                    hardwareIds,
                    assignedAt,
                    next);
        }

        @Nullable
        String hardwareOf(@Nullable String ecuSerial) {
            int index = ecuSerial == null ? -1 : ecuSerials.indexOf(ecuSerial);
            return index < 0 ? null : hardwareIds.get(index);
        }

        OutcomeSnapshot snapshot() {
            boolean counts = kind.equals(UPDATE) && outcome.state() != OutcomeState.CANCELLED;
            return new OutcomeSnapshot(
                    counts ? campaignId : null,
                    counts ? stage : null,
                    vehicleModel,
                    hardwareIds,
                    standing(outcome.state()),
                    outcome.failedHardwareId(),
                    outcome.reasonCode() == null ? null : outcome.reasonCode().name());
        }

        private static Standing standing(OutcomeState state) {
            return switch (state) {
                case ASSIGNED, DOWNLOADING, INSTALLED, CANCELLED -> Standing.IN_FLIGHT;
                case REBOOTED -> Standing.SOAKING;
                case HEALTHY -> Standing.HEALTHY;
                case UNHEALTHY -> Standing.UNHEALTHY;
                case REJECTED -> Standing.REJECTED;
                case TIMED_OUT -> Standing.TIMED_OUT;
            };
        }
    }
}
