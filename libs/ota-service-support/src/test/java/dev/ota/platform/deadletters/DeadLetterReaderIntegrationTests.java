package dev.ota.platform.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.Topics;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * Listing a dead-letter topic with a limit gives the first letters by partition and offset, whichever order Kafka
 * hands the partitions over in, and counts every match.
 */
@SpringBootTest
@WithRealInfrastructure(database = "support_probe")
class DeadLetterReaderIntegrationTests {

    private static final String TOPIC = Topics.deadLetter(Topics.IMAGE_EVENTS);

    @Autowired
    Environment environment;

    @Test
    void aLimitedScanKeepsTheLowestPositionsAcrossPartitionsAndCountsEveryMatch() {
        String run = "reader-" + UUID.randomUUID() + "-";
        for (int i = 0; i < 24; i++) {
            KafkaTestClient.send(TOPIC, run + i, "letter " + i);
        }
        DeadLetterReader reader = new DeadLetterReader(environment);

        List<DeadLetter> all =
                reader.scan(TOPIC, letter -> ours(letter, run), 1_000).letters();
        assertThat(all).hasSize(24);
        assertThat(all.stream().map(letter -> letter.position().partition()).distinct())
                .as("the run's letters spread over several partitions")
                .hasSizeGreaterThan(1);

        DeadLetterReader.Scan firstFive = reader.scan(TOPIC, letter -> ours(letter, run), 5);
        assertThat(firstFive.matching()).isEqualTo(24);
        assertThat(firstFive.letters())
                .extracting(DeadLetter::position)
                .as("the five lowest positions, in order")
                .containsExactlyElementsOf(all.stream()
                        .map(DeadLetter::position)
                        .sorted(Comparator.naturalOrder())
                        .limit(5)
                        .toList());
    }

    private static boolean ours(DeadLetter letter, String run) {
        return letter.key() != null && letter.key().startsWith(run);
    }
}
