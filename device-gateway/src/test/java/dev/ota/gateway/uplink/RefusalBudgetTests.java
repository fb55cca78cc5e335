package dev.ota.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RefusalBudgetTests {

    private final AtomicLong now = new AtomicLong();
    private final RefusalBudget budget = new RefusalBudget(3, Duration.ofSeconds(60), now::get);

    @Test
    void auditsAFewRefusalsPerSenderAndWindowAndReportsTheRestWithTheNextAuditedOne() {
        for (int i = 0; i < 3; i++) {
            assertThat(budget.take("VIN-A")).hasValue(0);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(budget.take("VIN-A")).isEqualTo(OptionalLong.empty());
        }
        assertThat(budget.take("VIN-B")).as("another sender has its own budget").hasValue(0);

        now.addAndGet(Duration.ofSeconds(60).toNanos());

        assertThat(budget.take("VIN-A"))
                .as("the five counted meanwhile ride on the next record")
                .hasValue(5);
        assertThat(budget.take("VIN-A")).hasValue(0);
    }

    @Test
    void forgetsEndedWindowsOfAMultitudeOfSendersAtMostOncePerWindow() {
        for (int i = 0; i <= RefusalBudget.SENDERS_KEPT; i++) {
            budget.take("OLD-" + i);
        }
        now.addAndGet(Duration.ofSeconds(60).toNanos());

        budget.take("NEW-0");
        assertThat(budget.senders()).as("the ended windows are forgotten").isEqualTo(1);

        for (int i = 1; i <= RefusalBudget.SENDERS_KEPT; i++) {
            budget.take("NEW-" + i);
        }
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        budget.take("NEW-0");
        assertThat(budget.senders())
                .as("within a window of the last pruning, live windows are held without another scan")
                .isEqualTo(RefusalBudget.SENDERS_KEPT + 1);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        budget.take("LATE");
        assertThat(budget.senders()).as("a window later they are forgotten").isEqualTo(1);
    }
}
