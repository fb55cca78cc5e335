package dev.ota.health;

import dev.ota.contracts.Topics;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.contracts.events.VerdictOutcome;
import dev.ota.testsupport.KafkaTestClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** The verdicts the service published on Kafka, as rollback-service and campaign-service read them. */
public final class Verdicts {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private Verdicts() {}

    /** Waits for the first verdict of this outcome for the campaign's cohort. */
    public static StageVerdict await(UUID campaign, String cohort, VerdictOutcome outcome) {
        var record = KafkaTestClient.await(
                Topics.HEALTH_VERDICTS,
                r -> KafkaTestClient.eventOf(r, StageVerdict.class)
                        .filter(v ->
                                v.campaignId().equals(campaign) && v.cohort().equals(cohort) && v.outcome() == outcome)
                        .isPresent(),
                PATIENCE);
        return KafkaTestClient.eventOf(record, StageVerdict.class).orElseThrow();
    }

    /** Every verdict published so far for the campaign. */
    public static List<StageVerdict> all(UUID campaign) {
        return KafkaTestClient.readAll(Topics.HEALTH_VERDICTS).stream()
                .flatMap(r -> KafkaTestClient.eventOf(r, StageVerdict.class).stream())
                .filter(v -> v.campaignId().equals(campaign))
                .toList();
    }
}
