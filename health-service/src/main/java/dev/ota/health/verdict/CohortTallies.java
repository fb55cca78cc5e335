package dev.ota.health.verdict;

import dev.ota.contracts.events.StageStarted;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.contracts.events.VerdictOutcome;
import dev.ota.platform.outbox.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;
    private final Map<StageKey, StageCriteria> criteriaCache = new ConcurrentHashMap<>();

    CohortTallies(JdbcClient jdbc, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Moves the counters from one snapshot of an assignment to the next and publishes any verdict that changed. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(OutcomeSnapshot before, OutcomeSnapshot after) {
        if (!after.counts() && !before.counts()) {
            return;
        }
        OutcomeSnapshot stageOf = after.counts() ? after : before;
        UUID campaignId = stageOf.campaignId();
        int stage = stageOf.stage();
        lockStage(campaignId, stage);
        TreeSet<String> cohorts = new TreeSet<>(before.cohorts());
        cohorts.addAll(after.cohorts());
        boolean changed = false;
        for (String cohort : cohorts) {
            Tally delta = after.contribution(cohort).minus(before.contribution(cohort));
            if (!delta.isZero()) {
                add(campaignId, stage, cohort, delta);
                changed = true;
            }
        }
        // "newly" as far as the counters know: a failure recorded before its assignment arrived is counted on arrival
        boolean newlyFinal = after.counts()
                && after.standing().isFinal()
                && !(before.counts() && before.standing().isFinal());
        if (newlyFinal) {
            recordFinal(campaignId, stage, after);
        }
        if (changed) {
            evaluate(campaignId, stage);
        }
    }

    /** The limits an assignment of this stage is held to, once the stage's criteria are known. */
    public Optional<HealthLimits> limits(UUID campaignId, int stage) {
        return criteria(campaignId, stage).map(c -> new HealthLimits(c.soakTime(), c.maxDtcDelta()));
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

    private void recordFinal(UUID campaignId, int stage, OutcomeSnapshot after) {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        Standing standing = after.standing();
        for (String cohort : after.cohorts()) {
            Tally contribution = after.contribution(cohort);
            long failed = contribution.failures();
            long healthy = contribution.healthy();
            long rejected = contribution.rejected();
            if (failed + healthy + rejected == 0) {
                continue;
            }
            jdbc.sql("""
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
                    .param("healthy", healthy)
                    .param("failed", failed)
                    .param("rejected", rejected)
                    .update();
        }
        if (standing.isFailure() || standing == Standing.REJECTED) {
            jdbc.sql("""
                            insert into failure_reason_tally (campaign_id, stage, reason_code, hardware_id, failures)
                            values (:campaign, :stage, :reason, :hardware, 1)
                            on conflict (campaign_id, stage, reason_code, hardware_id)
                            do update set failures = failure_reason_tally.failures + 1
                            """)
                    .param("campaign", campaignId)
                    .param("stage", stage)
                    .param("reason", after.reasonCode() == null ? standing.name() : after.reasonCode())
                    .param("hardware", after.failedHardwareId() == null ? "" : after.failedHardwareId())
                    .update();
        }
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
        for (String cohort : order) {
            CohortRow row = rows.get(cohort);
            if (VerdictOutcome.FAIL.name().equals(row.lastOutcome())) {
                continue;
            }
            boolean cohortComplete = stageComplete && row.tally().allFinished();
            Optional<Verdict> verdict = StageVerdictRule.decide(row.tally(), cohortComplete, criteria);
            if (verdict.isPresent() && !verdict.get().outcome().name().equals(row.lastOutcome())) {
                publish(campaignId, stage, cohort, verdict.get());
            }
        }
    }

    private void publish(UUID campaignId, int stage, String cohort, Verdict verdict) {
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
                .param("rule", verdict.rule())
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
                verdict.rule()));
    }

    private Optional<StageCriteria> criteria(UUID campaignId, int stage) {
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
                        rs.getDouble("max_failure_rate"),
                        rs.getInt("min_samples"),
                        rs.getDouble("confidence"),
                        Duration.ofSeconds(rs.getLong("soak_seconds")),
                        rs.getInt("max_dtc_delta")))
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
