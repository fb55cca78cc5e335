package dev.ota.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicsTests {

    @Test
    void everyTopicHasItsDeadLetterTopicAndNothingElseIsCreated() {
        assertThat(Topics.allWithDeadLetters())
                .hasSize(Topics.everyTopic().size() * 2)
                .containsAll(Topics.ALL)
                .containsAll(Topics.DIRECTOR_ASKS)
                .contains("ota.vehicle.reports.dlq", "ota.audit.checkpoints.dlq")
                .doesNotHaveDuplicates();
        assertThat(Topics.allWithDeadLetters().stream().filter(Topics::isDeadLetter))
                .hasSize(Topics.everyTopic().size());
    }

    @Test
    void theDirectorsAsksAreNotAmongTheAuditedTopics() {
        assertThat(Topics.DIRECTOR_ASKS).containsExactly("ota.director.requests", "ota.director.answers");
        assertThat(Topics.ALL).doesNotContainAnyElementsOf(Topics.DIRECTOR_ASKS);
    }
}
