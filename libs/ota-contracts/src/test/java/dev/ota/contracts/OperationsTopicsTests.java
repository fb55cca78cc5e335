package dev.ota.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * An operator action (a dead-letter replay) must reach the audit log from the principal that did it: on a topic that
 * principal owns, and one the audit log reads. A topic it may not write would stop its outbox relay (an authorization
 * failure is retried until an operator acts).
 */
class OperationsTopicsTests {

    @Test
    void everyServiceRecordsOperatorActionsOnATopicItOwnsAndTheAuditLogReads() {
        for (KafkaAccess.Grant grant : KafkaAccess.GRANTS) {
            KafkaAccess.operationsTopicOf(grant.principal()).ifPresent(topic -> {
                assertThat(grant.writes())
                        .as("topics %s writes", grant.principal())
                        .contains(topic);
                assertThat(Topics.ALL).as("audited topics").contains(topic);
            });
        }
        assertThat(KafkaAccess.operationsTopicOf(KafkaAccess.GATEWAY)).isEmpty();
        assertThat(KafkaAccess.operationsTopicOf(KafkaAccess.CAMPAIGN)).contains(Topics.CAMPAIGN_EVENTS);
    }

    @Test
    void everyServiceReadsTheDeadLetterTopicsOfWhatItReads() {
        for (KafkaAccess.Grant grant : KafkaAccess.GRANTS) {
            grant.reads().forEach(topic -> assertThat(grant.deadLettersRead()).contains(Topics.deadLetter(topic)));
        }
    }
}
