package dev.ota.health.verdict;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Read side of a stage's health: the counters now, finished outcomes over time, failures by reason, verdicts. */
@Component
public class StageHealthQueries {

    private final JdbcClient jdbc;

    StageHealthQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A cohort's counters with the bounds on its failure rate (over confirmed outcomes) and its last verdict. */
    public record CohortHealth(
            String cohort,
            long assigned,
            long soaking,
            long healthy,
            long unhealthy,
            long timedOut,
            long rejected,
            long unattributed,
            double failureRate,
            double failureRateLowerBound,
            double failureRateUpperBound,
            @Nullable String verdict) {}

    public record Criteria(
            int cohortSize,
            double maxFailureRate,
            int minSamples,
            double confidence,
            Duration soakTime,
            int maxDtcDelta) {}

    public record StageHealth(
            UUID campaignId, int stage, @Nullable Criteria criteria, List<CohortHealth> cohorts) {}

    public record TimelinePoint(Instant minute, long healthy, long failed, long rejected) {}

    public record FailureCount(String reason, @Nullable String hardwareId, long failures) {}

    public record VerdictRecord(
            String cohort,
            String outcome,
            long samples,
            long failures,
            double failureRateLowerBound,
            double failureRateUpperBound,
            double threshold,
            String rule,
            Instant decidedAt) {}

    public Optional<StageHealth> now(UUID campaignId, int stage) {
        Optional<StageCriteria> criteria = jdbc.sql("""
                        select cohort_size, max_failure_rate, min_samples, confidence, soak_seconds, max_dtc_delta
                        from stage_criteria where campaign_id = :campaign and stage = :stage
                        """)
                .param("campaign", campaignId)
                .param("stage", stage)
                .query((rs, n) -> new StageCriteria(
                        rs.getInt(1),
                        rs.getDouble(2),
                        rs.getInt(3),
                        rs.getDouble(4),
                        Duration.ofSeconds(rs.getLong(5)),
                        rs.getInt(6)))
                .optional();
        double confidence = criteria.map(StageCriteria::confidence).orElse(0.95);
        List<CohortHealth> cohorts = jdbc.sql("""
                        select cohort, assigned, soaking, healthy, unhealthy, timed_out, rejected, unattributed,
                               last_outcome
                        from cohort_tally where campaign_id = :campaign and stage = :stage order by cohort
                        """)
                .param("campaign", campaignId)
                .param("stage", stage)
                .query((rs, n) -> {
                    Tally t = new Tally(
                            rs.getLong(2),
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getLong(5),
                            rs.getLong(6),
                            rs.getLong(7),
                            rs.getLong(8));
                    long samples = t.healthy() + t.failures();
                    WilsonScoreBound bound = WilsonScoreBound.of(t.failures(), samples, confidence);
                    return new CohortHealth(
                            rs.getString(1),
                            t.assigned(),
                            t.soaking(),
                            t.healthy(),
                            t.unhealthy(),
                            t.timedOut(),
                            t.rejected(),
                            t.unattributed(),
                            samples == 0 ? 0 : (double) t.failures() / samples,
                            bound.lower(),
                            bound.upper(),
                            rs.getString(9));
                })
                .list();
        if (criteria.isEmpty() && cohorts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StageHealth(
                campaignId,
                stage,
                criteria.map(c -> new Criteria(
                                c.cohortSize(),
                                c.maxFailureRate(),
                                c.minSamples(),
                                c.confidence(),
                                c.soakTime(),
                                c.maxDtcDelta()))
                        .orElse(null),
                cohorts));
    }

    public List<TimelinePoint> timeline(UUID campaignId, int stage, String cohort) {
        return jdbc.sql("""
                        select minute, healthy, failed, rejected from outcome_timeline
                        where campaign_id = :campaign and stage = :stage and cohort = :cohort order by minute
                        """)
                .param("campaign", campaignId)
                .param("stage", stage)
                .param("cohort", cohort)
                .query((rs, n) ->
                        new TimelinePoint(rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }

    public List<FailureCount> failuresByReason(UUID campaignId, int stage) {
        return jdbc.sql("""
                        select reason_code, hardware_id, failures from failure_reason_tally
                        where campaign_id = :campaign and stage = :stage order by failures desc, reason_code
                        """)
                .param("campaign", campaignId)
                .param("stage", stage)
                .query((rs, n) -> new FailureCount(
                        rs.getString(1), rs.getString(2).isEmpty() ? null : rs.getString(2), rs.getLong(3)))
                .list();
    }

    public List<VerdictRecord> verdicts(UUID campaignId, int stage) {
        return jdbc.sql("""
                        select cohort, outcome, samples, failures, lower_bound, upper_bound, threshold, rule,
                               decided_at
                        from verdict_history where campaign_id = :campaign and stage = :stage order by id
                        """)
                .param("campaign", campaignId)
                .param("stage", stage)
                .query((rs, n) -> new VerdictRecord(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getDouble(5),
                        rs.getDouble(6),
                        rs.getDouble(7),
                        rs.getString(8),
                        ((Timestamp) rs.getTimestamp(9)).toInstant()))
                .list();
    }
}
