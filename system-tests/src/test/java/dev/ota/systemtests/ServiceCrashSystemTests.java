package dev.ota.systemtests;

import dev.ota.launcher.LocalPlatform;
import dev.ota.launcher.demo.OtaStory;
import dev.ota.launcher.demo.Release;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Crashes mid-campaign: the campaign service and the device gateway are killed with SIGKILL while the first stage is
 * being installed, and started again. The campaign must still complete, with every vehicle assigned exactly once, every
 * assignment carried to its vehicle, and every vehicle updated once.
 */
class ServiceCrashSystemTests {

    @Test
    void campaignCompletesAfterCampaignServiceAndGatewayAreKilledMidStageWithNoVehicleAssignedTwice() throws Exception {
        StagedCampaign campaign =
                StagedCampaign.start("crash", new Release("crash-tcu-fw", "3.0.0", "hw-tcu", 3, 8 * 1024));
        campaign.awaitFirstStageInstalling();

        LocalPlatform platform = RunningPlatform.get();
        platform.kill(OtaStory.CAMPAIGN);
        platform.kill(OtaStory.GATEWAY);
        Instant killed = Instant.now();
        platform.restart(OtaStory.GATEWAY, Duration.ofMinutes(3));
        platform.restart(OtaStory.CAMPAIGN, Duration.ofMinutes(3));
        Figures.record(
                "campaign-service + device-gateway: SIGKILL to both ready again",
                StagedCampaign.secondsBetween(killed, Instant.now()),
                "s");

        campaign.awaitCompleted();
        Figures.record(
                "crash campaign: 30 vehicles, 2 stages, two services killed, start to COMPLETED",
                StagedCampaign.secondsBetween(campaign.started(), Instant.now()),
                "s");

        Set<String> assignments = campaign.assertEveryVehicleUpdatedOnce();
        campaign.assertAssignedOnceWithDirectorMetadataOnce(assignments);
        campaign.assertHealthCountedEachAssignmentOnce();
    }
}
