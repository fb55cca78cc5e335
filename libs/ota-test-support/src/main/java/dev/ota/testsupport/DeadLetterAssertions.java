package dev.ota.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.Headers;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What every dead letter must say about itself, whichever consumer wrote it. */
public final class DeadLetterAssertions {

    private DeadLetterAssertions() {}

    /**
     * Asserts the headers of a dead letter: why (its reason starts with {@code reasonStart} and names each of {@code
     * reasonNames}), where it came from (the source topic and a {@code partition:offset} position there) and which
     * consumer gave up on it.
     */
    public static void assertDeadLettered(
            ConsumerRecord<String, byte[]> dead,
            String sourceTopic,
            String consumer,
            String reasonStart,
            String... reasonNames) {
        assertThat(KafkaTestClient.header(dead, Headers.DEAD_LETTER_REASON)).hasValueSatisfying(reason -> {
            assertThat(reason).startsWith(reasonStart);
            for (String name : reasonNames) {
                assertThat(reason).contains(name);
            }
        });
        assertThat(KafkaTestClient.header(dead, Headers.DEAD_LETTER_SOURCE_TOPIC))
                .contains(sourceTopic);
        assertThat(KafkaTestClient.header(dead, Headers.DEAD_LETTER_SOURCE_POSITION))
                .hasValueSatisfying(position -> assertThat(position).matches("\\d+:\\d+"));
        assertThat(KafkaTestClient.header(dead, Headers.DEAD_LETTER_CONSUMER)).contains(consumer);
    }
}
