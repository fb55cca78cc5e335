package dev.ota.systemtests;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The MQTT broker is stopped for {@link #DOWNTIME} while stage 1 of a healthy release installs, and started again on its
 * persistent data: every vehicle and the gateway lose their connection, reconnect to their persistent sessions, and what
 * the broker queued for them is delivered. The campaign must complete with every vehicle SUCCEEDED and
 * {@link PlatformInvariants} must hold.
 */
class MqttBrokerRestartSystemTests {

    private static final Duration DOWNTIME = Duration.ofSeconds(15);

    @Test
    void campaignCompletesWithEveryInvariantAfterTheMqttBrokerIsRestartedMidStage() throws Exception {
        FaultedCampaign.run("mqtt-restart", new PlatformFault.MqttBrokerRestarted(), DOWNTIME);
    }
}
