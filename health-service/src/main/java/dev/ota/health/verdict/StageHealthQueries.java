package dev.ota.health.verdict;

import dev.ota.contracts.WilsonScoreBound;
import dev.ota.contracts.events.RequiredApplication;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Read side of a stage's health: the counters now, finished outcomes over time, failures by reason, verdicts. */
@Component
public class StageHealthQueries {

    private final JdbcClient jdbc;
    private final ApplicationFindings applications;
    private final CohortTallies tallies;

    StageHealthQueries(JdbcClient jdbc, ApplicationFindings applications, CohortTallies tallies) {
        this.jdbc = jdbc;
        this.applications = applications;
        this.tallies = tallies;
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

    /**
     * One application of one hardware id as the stage's vehicles reported it.
     *
     * @param required the stage's criteria require it UP (a DOWN vehicle has failed)
     * @param degraded vehicles that reported it DEGRADED at least once
     * @param down vehicles that reported it DOWN at least once
     */
    public record ApplicationHealth(String hardwareId, String name, boolean required, long degraded, long down) {}

    public record StageHealth(
            UUID campaignId,
            int stage,
            @Nullable StageCriteria criteria,
            List<CohortHealth> cohorts,
            List<ApplicationHealth> applications) {}

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
        Optional<StageCriteria> criteria = tallies.criteria(campaignId, stage);
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
                campaignId, stage, criteria.orElse(null), cohorts, applicationHealth(campaignId, stage, criteria)));
    }

    /** Every application reported DEGRADED or DOWN, and every required one (with zero counts until it is). */
    private List<ApplicationHealth> applicationHealth(UUID campaignId, int stage, Optional<StageCriteria> criteria) {
        Map<String, Set<String>> required =
                criteria.map(StageCriteria::requiredByHardware).orElse(Map.of());
        Map<List<String>, ApplicationHealth> byKey =
                new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        for (RequiredApplication r :
                criteria.map(c -> c.health().requiredApplications()).orElse(List.of())) {
            byKey.put(List.of(r.hardwareId(), r.name()), new ApplicationHealth(r.hardwareId(), r.name(), true, 0, 0));
        }
        for (ApplicationFindings.Count count : applications.counts(campaignId, stage)) {
            boolean isRequired =
                    required.getOrDefault(count.hardwareId(), Set.of()).contains(count.name());
            byKey.put(
                    List.of(count.hardwareId(), count.name()),
                    new ApplicationHealth(
                            count.hardwareId(), count.name(), isRequired, count.degraded(), count.down()));
        }
        return List.copyOf(byKey.values());
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
