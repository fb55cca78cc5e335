package dev.ota.rollback.decision;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Read side: decisions as they were made, with every vehicle's rollback assignment or refusal. */
@Component
public class RollbackHistory {

    private final JdbcClient jdbc;

    RollbackHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record DecisionSummary(
            UUID id,
            UUID campaignId,
            int stage,
            @Nullable String cohort,
            String policy,
            String trigger,
            String decidedBy,
            String reason,
            String status,
            int inScope,
            int assigned,
            int refused,
            int succeeded,
            int failed,
            Instant decidedAt,
            @Nullable Instant issuedAt,
            @Nullable Instant completedAt) {}

    public record VehicleRollback(
            String vin,
            UUID originalAssignmentId,
            @Nullable UUID rollbackAssignmentId,
            String status,
            @Nullable String reason) {}

    public record DecisionDetail(DecisionSummary decision, List<VehicleRollback> vehicles) {}

    private static final String SUMMARY = """
            select id, campaign_id, stage, cohort, policy, trigger, decided_by, reason, status, in_scope, assigned,
                   refused, succeeded, failed, decided_at, issued_at, completed_at
            from rollback_decision
            """;

    public List<DecisionSummary> decisions(@Nullable UUID campaignId, int limit) {
        return jdbc.sql(SUMMARY + " where cast(:campaign as uuid) is null or campaign_id = :campaign"
                        + " order by decided_at desc limit :limit")
                .param("campaign", campaignId)
                .param("limit", limit)
                .query((rs, n) -> summary(rs))
                .list();
    }

    public Optional<DecisionDetail> decision(UUID id) {
        return jdbc.sql(SUMMARY + " where id = :id")
                .param("id", id)
                .query((rs, n) -> summary(rs))
                .optional()
                .map(summary -> new DecisionDetail(
                        summary,
                        jdbc.sql("""
                                        select vin, original_assignment_id, rollback_assignment_id, status, reason
                                        from rollback_vehicle where decision_id = :id order by vin
                                        """)
                                .param("id", id)
                                .query((rs, n) -> new VehicleRollback(
                                        rs.getString(1),
                                        rs.getObject(2, UUID.class),
                                        rs.getObject(3, UUID.class),
                                        rs.getString(4),
                                        rs.getString(5)))
                                .list()));
    }

    private static DecisionSummary summary(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new DecisionSummary(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getInt(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getInt(10),
                rs.getInt(11),
                rs.getInt(12),
                rs.getInt(13),
                rs.getInt(14),
                rs.getTimestamp(15).toInstant(),
                instant(rs.getTimestamp(16)),
                instant(rs.getTimestamp(17)));
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
