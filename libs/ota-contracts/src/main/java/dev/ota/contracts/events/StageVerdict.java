package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A statistical verdict for one stage and cohort, with the numbers and the rule behind it.
 *
 * @param reason what the verdict is about when the numbers alone do not say it, for people to read first (e.g.
 *     "navigation DOWN on 3 of 10 vehicles (hardware head-unit)"); null when there is nothing more to say
 */
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
        String rule,
        @Nullable String reason)
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
        reason = reason == null || reason.isBlank() ? null : reason;
    }

    /** A verdict the numbers and the rule explain by themselves. */
    public StageVerdict(
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
            String rule) {
        this(
                eventId,
                occurredAt,
                campaignId,
                stage,
                cohort,
                outcome,
                samples,
                failures,
                failureRateUpperBound,
                threshold,
                rule,
                null);
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}
