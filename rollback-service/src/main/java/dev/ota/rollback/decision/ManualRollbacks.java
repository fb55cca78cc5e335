package dev.ota.rollback.decision;

import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** The entry point for a person's rollback (the web adapter's only way in). */
@Component
public class ManualRollbacks {

    private final RollbackDecisions decisions;

    ManualRollbacks(RollbackDecisions decisions) {
        this.decisions = decisions;
    }

    /**
     * Decides a manual rollback; the campaign is paused by the RollbackDecided it publishes, and the assignments follow.
     *
     * @param policy which vehicles: the failed ones, a cohort, or the whole stage
     * @return the decision id
     */
    public UUID rollBack(UUID campaignId, int stage, String policy, @Nullable String cohort, String by, String why) {
        RollbackPolicy parsed;
        try {
            parsed = RollbackPolicy.valueOf(policy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown rollback scope " + policy);
        }
        if (parsed == RollbackPolicy.ROLLBACK_COHORT && cohort == null) {
            throw new IllegalArgumentException("a cohort rollback needs a cohort (all, hw:<id> or model:<name>)");
        }
        return decisions.manual(campaignId, stage, parsed, cohort, by, why).id();
    }
}
