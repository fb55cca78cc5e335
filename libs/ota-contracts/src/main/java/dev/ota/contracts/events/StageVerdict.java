package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A statistical verdict for one stage and cohort, with the numbers and the rule behind it. */
public record StageVerdict(
        UUID eventId,
        Instant occurredAt,
        UUID campaignId,
        int stage,
        String cohort,
        VerdictOutcome outcome,
        long samples,
        long failures,
        double failureRateUpperBound,
        double threshold,
        String rule)
        implements VerdictEvent {

    public StageVerdict {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
        Require.text(cohort, "cohort");
        Require.present(outcome, "outcome");
        Require.nonNegative(samples, "samples");
        Require.nonNegative(failures, "failures");
        Require.text(rule, "rule");
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}
