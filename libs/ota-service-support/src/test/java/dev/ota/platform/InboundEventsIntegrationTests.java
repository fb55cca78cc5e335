package dev.ota.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest
@WithRealInfrastructure(database = "support_probe")
class InboundEventsIntegrationTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void poisonMessageGoesToTheDeadLetterTopicWithItsReasonAndTheConsumerKeepsGoing() {
        String poisonKey = "poison-" + UUID.randomUUID();
        KafkaTestClient.send(Topics.IMAGE_EVENTS, poisonKey, "{this is not json");
        ImageSigned after = ProbeApplication.imageSigned("after-poison-" + UUID.randomUUID());
        KafkaTestClient.send(after);

        var dead = KafkaTestClient.await(
                Topics.deadLetter(Topics.IMAGE_EVENTS), r -> poisonKey.equals(r.key()), Duration.ofSeconds(30));
        assertThat(new String(dead.value())).isEqualTo("{this is not json");
        assertThat(KafkaTestClient.header(dead, Headers.DEAD_LETTER_REASON))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("not valid JSON"));
        assertThat(KafkaTestClient.header(dead, Headers.DEAD_LETTER_SOURCE_TOPIC))
                .contains(Topics.IMAGE_EVENTS);
        assertThat(KafkaTestClient.header(dead, Headers.DEAD_LETTER_CONSUMER)).contains("support-probe");
        await().atMost(Duration.ofSeconds(30)).until(() -> applied(after.eventId()) == 1);
    }

    @Test
    void redeliveredEventIsAppliedOnlyOnce() {
        ImageSigned event = ProbeApplication.imageSigned("twice-" + UUID.randomUUID());
        KafkaTestClient.send(event);
        KafkaTestClient.send(event);
        ImageSigned marker = ProbeApplication.imageSigned("marker-" + UUID.randomUUID());
        KafkaTestClient.send(marker);

        await().atMost(Duration.ofSeconds(30)).until(() -> applied(marker.eventId()) == 1);
        assertThat(applied(event.eventId())).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from inbox_event where consumer = 'probe-images' and event_id = :id")
                        .param("id", event.eventId())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void eventRejectedByItsHandlerIsDeadLetteredAndNothingOfItIsKept() {
        ImageSigned rejected = ProbeApplication.imageSigned(ProbeApplication.REJECTED_IMAGE);
        KafkaTestClient.send(rejected);

        var dead = KafkaTestClient.await(
                Topics.deadLetter(Topics.IMAGE_EVENTS),
                r -> KafkaTestClient.eventOf(r, ImageSigned.class)
                        .map(e -> e.eventId().equals(rejected.eventId()))
                        .orElse(false),
                Duration.ofSeconds(30));
        assertThat(KafkaTestClient.header(dead, Headers.DEAD_LETTER_REASON)).contains("image name is on the deny list");
        assertThat(EventCodec.decode(dead.value())).contains(rejected);
        assertThat(applied(rejected.eventId())).isZero();
        assertThat(jdbc.sql("select count(*) from inbox_event where event_id = :id")
                        .param("id", rejected.eventId())
                        .query(Long.class)
                        .single())
                .as("a rejected event is not marked as applied")
                .isZero();
    }

    private long applied(UUID eventId) {
        Long count = jdbc.sql("select count(*) from probe_applied where event_id = :id")
                .param("id", eventId)
                .query(Long.class)
                .single();
        return count == null ? 0 : count;
    }
}
