package dev.ota.systemtests;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL fails for {@link #OUTAGE} while stage 1 of a healthy release installs: once stopped (connections refused),
 * once frozen (everything hangs). Every service keeps running. Afterwards the campaign must complete with every vehicle
 * SUCCEEDED and {@link PlatformInvariants} must hold: no report dead-lettered meanwhile, no vehicle assigned twice,
 * every event in the audit log.
 */
class PostgresOutageSystemTests {

    /** 30 s; {@code -Dota.faults.postgres-outage=PT90S} holds it longer (an outage that outlasts a retry budget). */
    private static final Duration OUTAGE = Duration.parse(System.getProperty("ota.faults.postgres-outage", "PT30S"));

    @Test
    void campaignCompletesWithEveryInvariantAfterPostgresIsStoppedForThirtySecondsMidStage() throws Exception {
        FaultedCampaign.run("pg-stopped", new PlatformFault.PostgresStopped(), OUTAGE);
    }

    @Test
    void campaignCompletesWithEveryInvariantAfterPostgresIsFrozenForThirtySecondsMidStage() throws Exception {
        FaultedCampaign.run("pg-frozen", new PlatformFault.PostgresFrozen(), OUTAGE);
    }
}
