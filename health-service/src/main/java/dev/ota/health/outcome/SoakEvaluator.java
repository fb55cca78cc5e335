package dev.ota.health.outcome;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Periodically promotes vehicles whose soak time has passed, and times out those that stalled. It reads only the
 * vehicles due (partial indexes on soaking and in-flight rows), never the whole fleet.
 */
@Component
class SoakEvaluator {

    private static final Logger log = LoggerFactory.getLogger(SoakEvaluator.class);
    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final AssignmentOutcomes outcomes;
    private final OutcomeProperties properties;
    private final Clock clock;

    SoakEvaluator(JdbcClient jdbc, AssignmentOutcomes outcomes, OutcomeProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.outcomes = outcomes;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${ota.health.outcomes.evaluation-interval:5s}")
    void evaluate() {
        try {
            evaluateNow();
        } catch (RuntimeException e) {
            log.warn("outcome evaluation round failed, retrying next round: {}", e.getMessage());
        }
    }

    /** One round: returns how many assignments it looked at. */
    int evaluateNow() {
        Instant now = clock.instant();
        int seen = 0;
        Timestamp after = new Timestamp(0);
        UUID afterId = new UUID(0, 0);
        while (true) {
            List<Due> due = jdbc.sql("""
                            select a.assignment_id, a.rebooted_at from assignment_outcome a
                            join stage_criteria c on c.campaign_id = a.campaign_id and c.stage = a.stage
                            where a.state = 'REBOOTED' and a.kind = 'UPDATE'
                              and a.rebooted_at <= cast(:now as timestamptz) - c.soak_seconds * interval '1 second'
                              and (a.rebooted_at, a.assignment_id) > (cast(:after as timestamptz), cast(:afterId as uuid))
                            order by a.rebooted_at, a.assignment_id limit :limit
                            """)
                    .param("now", Timestamp.from(now))
                    .param("after", after)
                    .param("afterId", afterId)
                    .param("limit", BATCH)
                    .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getTimestamp(2)))
                    .list();
            for (Due d : due) {
                outcomes.evaluateSoaked(d.id(), now, properties.confirmationTimeout());
            }
            seen += due.size();
            if (due.size() < BATCH) {
                break;
            }
            after = due.getLast().at();
            afterId = due.getLast().id();
        }
        List<UUID> overdue;
        do {
            overdue = jdbc.sql("""
                            select assignment_id from assignment_outcome
                            where state in ('ASSIGNED', 'DOWNLOADING', 'INSTALLED') and kind <> 'UNKNOWN'
                              and assigned_at <= :cutoff
                            order by assigned_at limit :limit
                            """)
                    .param("cutoff", Timestamp.from(now.minus(properties.installTimeout())))
                    .param("limit", BATCH)
                    .query(UUID.class)
                    .list();
            overdue.forEach(id -> outcomes.timeOutInstall(id, properties.installTimeout()));
            seen += overdue.size();
        } while (overdue.size() == BATCH);
        return seen;
    }

    private record Due(UUID id, Timestamp at) {}
}
