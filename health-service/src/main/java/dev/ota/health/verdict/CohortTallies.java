package dev.ota.health.verdict;

import dev.ota.contracts.events.HealthCriteria;
import dev.ota.contracts.events.StageStarted;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.contracts.events.VerdictOutcome;
import dev.ota.platform.outbox.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The counters per campaign, stage and cohort, moved by the difference between an assignment's snapshot before and
 * after each transition (never by recounting), and the verdicts they lead to. A verdict is published through the outbox
 * in the same transaction, and only when a cohort's outcome changes; a FAIL is final for its cohort.
 */
@Component
public class CohortTallies {

    private static final Comparator<String> MOST_SPECIFIC_FIRST =
            Comparator.comparingInt(CohortTallies::rank).thenComparing(Comparator.naturalOrder());
    private static final Comparator<StageKey> STAGE_ORDER =
            Comparator.comparing(StageKey::campaignId).thenComparingInt(StageKey::stage);

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;
    private final ApplicationFindings applications;
    private final Map<StageKey, StageCriteria> criteriaCache = new ConcurrentHashMap<>();

    CohortTallies(JdbcClient jdbc, Outbox outbox, Clock clock, ApplicationFindings applications) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
        this.applications = applications;
    }

    /** Moves the counters from one snapshot of an assignment to the next and publishes any verdict that changed. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(OutcomeSnapshot before, OutcomeSnapshot after) {
        recordAll(List.of(new Change(before, after)));
    }

    /**
     * Moves the counters for many assignments' transitions at once (a poll of beacons): the differences are summed per
     * cohort in memory, each stage is locked once (in a fixed order, so two such transactions cannot deadlock), each
     * changed counter row is written once, and each changed stage is judged once, on its counts after all of them.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordAll(Collection<Change> changes) {
        recordAll(changes, List.of());
    }

    /**
     * As {@link #recordAll(Collection)}, and also counts applications newly seen DEGRADED or DOWN. Their stages are
     * locked in the same ordered pass, and their counts move before the stage is judged, so a verdict caused by an
     * application names it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordAll(Collection<Change> changes, Collection<ApplicationSeen> applicationsSeen) {
        Map<StageKey, StageDelta> stages = new TreeMap<>(STAGE_ORDER);
        for (ApplicationSeen seen : applicationsSeen) {
            stages.computeIfAbsent(new StageKey(seen.campaignId(), seen.stage()), k -> new StageDelta())
                    .applications()
                    .add(seen);
        }
        for (Change change : changes) {
            OutcomeSnapshot before = change.before();
            OutcomeSnapshot after = change.after();
            if (!after.counts() && !before.counts()) {
                continue;
            }
            OutcomeSnapshot stageOf = after.counts() ? after : before;
            StageDelta delta = stages.computeIfAbsent(
                    new StageKey(
                            Objects.requireNonNull(stageOf.campaignId(), "a counted outcome has a campaign"),
                            Objects.requireNonNull(stageOf.stage(), "a counted outcome has a stage")),
                    k -> new StageDelta());
            TreeSet<String> cohorts = new TreeSet<>(before.cohorts());
            cohorts.addAll(after.cohorts());
            for (String cohort : cohorts) {
                Tally moved = after.contribution(cohort).minus(before.contribution(cohort));
                if (!moved.isZero()) {
                    delta.tallies().merge(cohort, moved, Tally::plus);
                }
            }
            // "newly" as far as the counters know: a failure recorded before its assignment arrived is counted on
            // arrival
            boolean newlyFinal = after.counts()
                    && after.standing().isFinal()
                    && !(before.counts() && before.standing().isFinal());
            if (newlyFinal) {
                delta.finals().add(after);
            }
        }
        stages.keySet().forEach(stage -> lockStage(stage.campaignId(), stage.stage()));
        stages.forEach((stage, delta) -> {
            if (!delta.applications().isEmpty()) {
                applications.add(stage.campaignId(), stage.stage(), delta.applications());
            }
            delta.tallies().forEach((cohort, moved) -> {
                if (!moved.isZero()) {
                    add(stage.campaignId(), stage.stage(), cohort, moved);
                }
            });
            recordFinals(stage.campaignId(), stage.stage(), delta.finals());
            if (delta.tallies().values().stream().anyMatch(moved -> !moved.isZero())) {
                evaluate(stage.campaignId(), stage.stage());
            }
        });
    }

    /** One assignment's snapshot before and after a transition (or several). */
    public record Change(OutcomeSnapshot before, OutcomeSnapshot after) {}

    private record StageDelta(
            Map<String, Tally> tallies, List<OutcomeSnapshot> finals, List<ApplicationSeen> applications) {
        StageDelta() {
            this(new TreeMap<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    /** The limits an assignment of this stage is held to, once the stage's criteria are known. */
    public Optional<HealthLimits> limits(UUID campaignId, int stage) {
        return criteria(campaignId, stage)
                .map(c -> new HealthLimits(c.health().soakTime(), c.health().maxDtcDelta(), c.requiredByHardware()));
    }

    /** Stores a stage's criteria and judges what is already counted for it (reports may have overtaken the start). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void stageStarted(StageStarted started) {
        var criteria = started.criteria();
        jdbc.sql("""
                        insert into stage_criteria (campaign_id, stage, cohort_size, max_failure_rate, min_samples,
                                                    confidence, soak_seconds, max_dtc_delta)
                        values (:campaign, :stage, :size, :rate, :min, :confidence, :soak, :dtc)
                        on conflict (campaign_id, stage) do nothing
                        """)
                .param("campaign", started.campaignId())
                .param("stage", started.stage())
                .param("size", started.cohortSize())
                .param("rate", criteria.maxFailureRate())
                .param("min", criteria.minSamples())
                .param("confidence", criteria.confidence())
                .param("soak", criteria.soakTime().toSeconds())
                .param("dtc", criteria.maxDtcDelta())
                .update();
        applications.storeRequired(started.campaignId(), started.stage(), criteria.requiredApplications());
        lockStage(started.campaignId(), started.stage());
        evaluate(started.campaignId(), started.stage());
    }

    private void add(UUID campaignId, int stage, String cohort, Tally delta) {
        jdbc.sql("""
                        insert into cohort_tally (campaign_id, stage, cohort, assigned, soaking, healthy, unhealthy,
                                                  timed_out, rejected, unattributed)
                        values (:campaign, :stage, :cohort, :assigned, :soaking, :healthy, :unhealthy,
                                :timedOut, :rejected, :unattributed)
                        on conflict (campaign_id, stage, cohort) do update set
                            assigned = cohort_tally.assigned + excluded.assigned,
                            soaking = cohort_tally.soaking + excluded.soaking,
                            healthy = cohort_tally.healthy + excluded.healthy,
                            unhealthy = cohort_tally.unhealthy + excluded.unhealthy,
                            timed_out = cohort_tally.timed_out + excluded.timed_out,
                            rejected = cohort_tally.rejected + excluded.rejected,
                            unattributed = cohort_tally.unattributed + excluded.unattributed
                        """)
                .param("campaign", campaignId)
                .param("stage", stage)
                .param("cohort", cohort)
                .param("assigned", delta.assigned())
                .param("soaking", delta.soaking())
                .param("healthy", delta.healthy())
                .param("unhealthy", delta.unhealthy())
                .param("timedOut", delta.timedOut())
                .param("rejected", delta.rejected())
                .param("unattributed", delta.unattributed())
                .update();
    }

    private void recordFinals(UUID campaignId, int stage, List<OutcomeSnapshot> finals) {
        if (finals.isEmpty()) {
            return;
        }
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        Map<String, long[]> timeline = new TreeMap<>();
        Map<List<String>, Long> reasons =
                new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        for (OutcomeSnapshot after : finals) {
            for (String cohort : after.cohorts()) {
                Tally contribution = after.contribution(cohort);
                if (contribution.failures() + contribution.healthy() + contribution.rejected() == 0) {
                    continue;
                }
                long[] counts = timeline.computeIfAbsent(cohort, c -> new long[3]);
                counts[0] += contribution.healthy();
                counts[1] += contribution.failures();
                counts[2] += contribution.rejected();
            }
            Standing standing = after.standing();
            if (standing.isFailure() || standing == Standing.REJECTED) {
                reasons.merge(
                        List.of(
                                after.reasonCode() == null ? standing.name() : after.reasonCode(),
                                after.failedHardwareId() == null ? "" : after.failedHardwareId()),
                        1L,
                        Long::sum);
            }
        }
        timeline.forEach((cohort, counts) -> jdbc.sql("""
                        insert into outcome_timeline (campaign_id, stage, cohort, minute, healthy, failed, rejected)
                        values (:campaign, :stage, :cohort, :minute, :healthy, :failed, :rejected)
                        on conflict (campaign_id, stage, cohort, minute) do update set
                            healthy = outcome_timeline.healthy + excluded.healthy,
                            failed = outcome_timeline.failed + excluded.failed,
                            rejected = outcome_timeline.rejected + excluded.rejected
                        """)
                .param("campaign", campaignId)
                .param("stage", stage)
                .param("cohort", cohort)
                .param("minute", java.sql.Timestamp.from(minute))
                .param("healthy", counts[0])
                .param("failed", counts[1])
                .param("rejected", counts[2])
                .update());
        reasons.forEach((key, failures) -> jdbc.sql("""
                        insert into failure_reason_tally (campaign_id, stage, reason_code, hardware_id, failures)
                        values (:campaign, :stage, :reason, :hardware, :failures)
                        on conflict (campaign_id, stage, reason_code, hardware_id)
                        do update set failures = failure_reason_tally.failures + excluded.failures
                        """)
                .param("campaign", campaignId)
                .param("stage", stage)
                .param("reason", key.get(0))
                .param("hardware", key.get(1))
                .param("failures", failures)
                .update());
    }

    private void evaluate(UUID campaignId, int stage) {
        Optional<StageCriteria> found = criteria(campaignId, stage);
        if (found.isEmpty()) {
            return;
        }
        StageCriteria criteria = found.get();
        Map<String, CohortRow> rows = new LinkedHashMap<>();
        jdbc.sql("""
                        select cohort, assigned, soaking, healthy, unhealthy, timed_out, rejected, unattributed,
                               last_outcome
                        from cohort_tally where campaign_id = :campaign and stage = :stage
                        """)
                .param("campaign", campaignId)
                .param("stage", stage)
                .query((rs, n) -> new CohortRow(
                        rs.getString("cohort"),
                        new Tally(
                                rs.getLong("assigned"),
                                rs.getLong("soaking"),
                                rs.getLong("healthy"),
                                rs.getLong("unhealthy"),
                                rs.getLong("timed_out"),
                                rs.getLong("rejected"),
                                rs.getLong("unattributed")),
                        rs.getString("last_outcome")))
                .list()
                .forEach(row -> rows.put(row.cohort(), row));
        CohortRow all = rows.get(OutcomeSnapshot.ALL);
        boolean stageComplete = all != null
                && all.tally().assigned() >= criteria.cohortSize()
                && all.tally().allFinished();
        List<String> order = new ArrayList<>(rows.keySet());
        order.sort(MOST_SPECIFIC_FIRST);
        List<ApplicationFindings.Count> applicationCounts = null;
        for (String cohort : order) {
            CohortRow row = Objects.requireNonNull(rows.get(cohort));
            if (VerdictOutcome.FAIL.name().equals(row.lastOutcome())) {
                continue;
            }
            boolean cohortComplete = stageComplete && row.tally().allFinished();
            Optional<Verdict> verdict = StageVerdictRule.decide(row.tally(), cohortComplete, criteria);
            if (verdict.isPresent() && !verdict.get().outcome().name().equals(row.lastOutcome())) {
                if (applicationCounts == null) {
                    applicationCounts = applications.counts(campaignId, stage);
                }
                String findings = ApplicationFindings.sentence(
                        cohort, applicationCounts, criteria.requiredByHardware(), ranByHardware(rows));
                publish(campaignId, stage, cohort, verdict.get(), findings);
            }
        }
    }

    /** Vehicles per hardware id that rebooted into the update or failed, from the "hw:" cohorts' counters. */
    private static Map<String, Long> ranByHardware(Map<String, CohortRow> rows) {
        Map<String, Long> ran = new LinkedHashMap<>();
        rows.forEach((cohort, row) -> {
            if (cohort.startsWith("hw:")) {
                Tally t = row.tally();
                ran.put(cohort.substring(3), t.healthy() + t.soaking() + t.failures() + t.unattributed());
            }
        });
        return ran;
    }

    /**
     * Records and publishes a verdict; {@code reason} (what it is about, e.g. an application DOWN, or empty) leads the
     * rule text in the history and travels as the event's own field.
     */
    private void publish(UUID campaignId, int stage, String cohort, Verdict verdict, String reason) {
        Instant now = clock.instant();
        jdbc.sql("update cohort_tally set last_outcome = :outcome"
                        + " where campaign_id = :campaign and stage = :stage and cohort = :cohort")
                .param("outcome", verdict.outcome().name())
                .param("campaign", campaignId)
                .param("stage", stage)
                .param("cohort", cohort)
                .update();
        jdbc.sql("""
                        insert into verdict_history (campaign_id, stage, cohort, outcome, samples, failures,
                                                     upper_bound, lower_bound, threshold, rule, decided_at)
                        values (:campaign, :stage, :cohort, :outcome, :samples, :failures, :upper, :lower,
                                :threshold, :rule, :at)
                        """)
                .param("campaign", campaignId)
                .param("stage", stage)
                .param("cohort", cohort)
                .param("outcome", verdict.outcome().name())
                .param("samples", verdict.samples())
                .param("failures", verdict.failures())
                .param("upper", verdict.upperBound())
                .param("lower", verdict.lowerBound())
                .param("threshold", verdict.threshold())
                .param("rule", verdict.namingFirst(reason).rule())
                .param("at", java.sql.Timestamp.from(now))
                .update();
        outbox.publish(new StageVerdict(
                UUID.randomUUID(),
                now,
                campaignId,
                stage,
                cohort,
                verdict.outcome(),
                verdict.samples(),
                verdict.failures(),
                verdict.upperBound(),
                verdict.threshold(),
                verdict.rule(),
                reason));
    }

    /** A stage's criteria once StageStarted announced them (they never change afterwards, so they are cached). */
    Optional<StageCriteria> criteria(UUID campaignId, int stage) {
        StageKey key = new StageKey(campaignId, stage);
        StageCriteria cached = criteriaCache.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<StageCriteria> loaded = jdbc.sql("""
                        select cohort_size, max_failure_rate, min_samples, confidence, soak_seconds, max_dtc_delta
                        from stage_criteria where campaign_id = :campaign and stage = :stage
                        """)
                .param("campaign", campaignId)
                .param("stage", stage)
                .query((rs, n) -> new StageCriteria(
                        rs.getInt("cohort_size"),
                        new HealthCriteria(
                                rs.getDouble("max_failure_rate"),
                                rs.getInt("min_samples"),
                                rs.getDouble("confidence"),
                                Duration.ofSeconds(rs.getLong("soak_seconds")),
                                rs.getInt("max_dtc_delta"),
                                applications.required(campaignId, stage))))
                .optional();
        loaded.ifPresent(c -> {
            if (criteriaCache.size() > 10_000) {
                criteriaCache.clear();
            }
            criteriaCache.put(key, c);
        });
        return loaded;
    }

    /** Serialises counter changes per stage, so concurrent consumers never deadlock on cohort rows. */
    private void lockStage(UUID campaignId, int stage) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", campaignId + "/" + stage)
                .query()
                .singleValue();
    }

    private static int rank(String cohort) {
        if (cohort.startsWith("hw:")) {
            return 0;
        }
        return cohort.startsWith("model:") ? 1 : 2;
    }

    private record StageKey(UUID campaignId, int stage) {}

    private record CohortRow(
            String cohort, Tally tally, @Nullable String lastOutcome) {}
}
