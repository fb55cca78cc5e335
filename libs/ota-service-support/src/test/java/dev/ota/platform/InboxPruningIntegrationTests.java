package dev.ota.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.platform.messaging.InboxPruner;
import dev.ota.testsupport.WithRealInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The inbox forgets applied event ids past its retention horizon (14 days by default), and only those. */
@SpringBootTest
@WithRealInfrastructure(database = "support_probe")
class InboxPruningIntegrationTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    InboxPruner pruner;

    @Test
    void prunesInboxRowsOlderThanTheRetentionAndKeepsTheOthers() {
        String consumer = "prune-" + UUID.randomUUID().toString().substring(0, 8);
        UUID fifteenDays = applied(consumer, Duration.ofDays(15));
        UUID thirtyDays = applied(consumer, Duration.ofDays(30));
        UUID thirteenDays = applied(consumer, Duration.ofDays(13));
        UUID anHour = applied(consumer, Duration.ofHours(1));

        int pruned = pruner.pruneNow();

        assertThat(pruned).isGreaterThanOrEqualTo(2);
        assertThat(remembered(consumer)).containsExactlyInAnyOrder(thirteenDays, anHour);
        assertThat(remembered(consumer)).doesNotContain(fifteenDays, thirtyDays);
        assertThat(pruner.isRunning()).as("scheduled with the service").isTrue();
    }

    private UUID applied(String consumer, Duration ago) {
        UUID eventId = UUID.randomUUID();
        jdbc.sql("""
                        insert into inbox_event (consumer, event_id, processed_at)
                        values (:consumer, :id, now() - cast(:ago as interval))
                        """)
                .param("consumer", consumer)
                .param("id", eventId)
                .param("ago", ago.toSeconds() + " seconds")
                .update();
        return eventId;
    }

    private List<UUID> remembered(String consumer) {
        return jdbc.sql("select event_id from inbox_event where consumer = :consumer")
                .param("consumer", consumer)
                .query(UUID.class)
                .list();
    }
}
