package dev.ota.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicsTests {

    @Test
    void everyTopicHasItsDeadLetterTopicAndNothingElseIsCreated() {
        assertThat(Topics.allWithDeadLetters())
                .hasSize(Topics.ALL.size() * 2)
                .containsAll(Topics.ALL)
                .contains("ota.vehicle.reports.dlq", "ota.audit.checkpoints.dlq")
                .doesNotHaveDuplicates();
        assertThat(Topics.allWithDeadLetters().stream().filter(Topics::isDeadLetter))
                .hasSize(Topics.ALL.size());
    }
}
