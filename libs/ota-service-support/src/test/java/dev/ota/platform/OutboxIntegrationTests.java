package dev.ota.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.ImageRevoked;
import dev.ota.platform.ProbeApplication.ProbeRevocations;
import dev.ota.platform.outbox.OutboxRelay;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest
@WithRealInfrastructure(database = "support_probe")
class OutboxIntegrationTests {

    @Autowired
    ProbeRevocations revocations;

    @Autowired
    OutboxRelay relay;

    @Autowired
    JdbcClient jdbc;

    @Test
    void publishesAnEventIfAndOnlyIfItsTransactionCommits() {
        assertThatThrownBy(() -> revocations.revoke("rolled-back-image", true))
                .isInstanceOf(IllegalStateException.class);
        ImageRevoked committed = revocations.revoke("committed-image", false);

        var record = KafkaTestClient.await(
                Topics.IMAGE_EVENTS,
                r -> committed
                        .eventId()
                        .toString()
                        .equals(KafkaTestClient.header(r, Headers.EVENT_ID).orElse("")),
                Duration.ofSeconds(30));
        assertThat(record.key()).isEqualTo("committed-image");
        assertThat(KafkaTestClient.eventOf(record, ImageRevoked.class)).contains(committed);
        assertThat(KafkaTestClient.readAll(Topics.IMAGE_EVENTS)).noneMatch(r -> "rolled-back-image".equals(r.key()));
    }

    @Test
    void anEventCommittedBeforeACrashIsSentWhenTheRelayComesBack() {
        relay.stop();
        ImageRevoked committed;
        try {
            committed = revocations.revoke("survives-crash", false);
            Long pending = jdbc.sql("select count(*) from outbox_event where event_id = :id")
                    .param("id", committed.eventId())
                    .query(Long.class)
                    .single();
            assertThat(pending).as("stored durably while nothing was sent").isEqualTo(1);
            assertThat(KafkaTestClient.readAll(Topics.IMAGE_EVENTS)).noneMatch(r -> "survives-crash".equals(r.key()));
        } finally {
            relay.start();
        }
        var record = KafkaTestClient.await(
                Topics.IMAGE_EVENTS, r -> "survives-crash".equals(r.key()), Duration.ofSeconds(30));
        assertThat(KafkaTestClient.eventOf(record, ImageRevoked.class)).contains(committed);
        assertThat(jdbc.sql("select count(*) from outbox_event where event_id = :id")
                        .param("id", committed.eventId())
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
