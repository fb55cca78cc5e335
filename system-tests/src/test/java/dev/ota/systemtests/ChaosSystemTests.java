package dev.ota.systemtests;

import static dev.ota.systemtests.StagedCampaign.secondsBetween;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.launcher.LocalPlatform;
import dev.ota.launcher.demo.OtaStory;
import dev.ota.launcher.demo.Release;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Chaos: while a healthy release rolls out to {@link #VEHICLES} vehicles in two stages, the campaign service and the
 * device gateway are first killed together (SIGKILL) while the first stage installs, and then a service picked at random
 * is killed every 20 to 30 s and started again, until the campaign has ended or {@link #CHAOS} has passed. The campaign
 * must complete with every vehicle SUCCEEDED, {@link PlatformInvariants} must hold, and the health service must have
 * counted each assignment once. The victims are the
 * services on the campaign's path; the authorization server is spared (the test's own calls need tokens) and so is the
 * vehicle simulator (it is the fleet, not the platform). The random seed is printed; {@code -Dota.chaos.seed=<seed>}
 * replays the same choice of victims and waits. {@code -Dota.chaos.kill=false} runs the same campaign with no kill, to
 * measure the undisturbed duration the chaos run is compared with.
 */
class ChaosSystemTests {

    static final int VEHICLES = 200;

    /** Each stage soaks this long before its verdict, so that the campaign lasts long enough for several kills. */
    private static final Duration SOAK = Duration.ofSeconds(40);

    private static final int FEWEST_KILLS = 3;
    private static final Duration CHAOS = Duration.ofMinutes(4);
    private static final Duration RESTART_TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> VICTIMS = List.of(
            OtaStory.SIGNING, OtaStory.CAMPAIGN, OtaStory.GATEWAY, OtaStory.HEALTH, OtaStory.ROLLBACK, OtaStory.AUDIT);
    private static final Set<String> FINAL_STATES = Set.of("COMPLETED", "PAUSED", "ABORTED", "ROLLED_BACK");

    @Test
    void campaignOnTwoHundredVehiclesCompletesWithEveryInvariantWhileARandomServiceIsKilledEveryTwentyToThirtySeconds()
            throws Exception {
        boolean kill = Boolean.parseBoolean(System.getProperty("ota.chaos.kill", "true"));
        long seed = Long.getLong("ota.chaos.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("[chaos] seed " + seed);
        AtomicReference<PlatformInvariants> invariants = new AtomicReference<>();
        StagedCampaign campaign = StagedCampaign.start(
                "chaos",
                new Release("chaos-fw", "7.0.0", "hw-tcu", 7, 8 * 1024),
                VEHICLES,
                SOAK,
                fleet -> invariants.set(PlatformInvariants.markNow()));

        LocalPlatform platform = RunningPlatform.get();
        List<String> killed = new ArrayList<>();
        Instant chaosStarted = Instant.now();
        Instant deadline = chaosStarted.plus(CHAOS);
        Instant lastKill = chaosStarted;
        if (kill) {
            killCampaignServiceAndGatewayWhileTheFirstStageInstalls(campaign, platform);
            killed.addAll(List.of(OtaStory.CAMPAIGN, OtaStory.GATEWAY));
            lastKill = Instant.now();
        }
        while (kill && Instant.now().isBefore(deadline)) {
            Duration interval = Duration.ofSeconds(20 + random.nextInt(11));
            Duration left = Duration.between(Instant.now(), lastKill.plus(interval));
            if (left.isPositive()) {
                Thread.sleep(left);
            }
            if (ended(campaign)) {
                break;
            }
            String victim = VICTIMS.get(random.nextInt(VICTIMS.size()));
            lastKill = Instant.now();
            platform.kill(victim);
            killed.add(victim);
            platform.restart(victim, RESTART_TIMEOUT);
            System.out.printf(
                    "[chaos] %s killed at +%.0f s, ready again after %.1f s%n",
                    victim, secondsBetween(chaosStarted, lastKill), secondsBetween(lastKill, Instant.now()));
        }
        String run = kill ? "chaos" : "chaos switched off";
        Figures.record(run + ": services killed during the campaign", killed.size(), "");
        System.out.println("[chaos] killed, in order: " + killed);

        campaign.awaitCompleted();
        Figures.record(
                run + ": " + VEHICLES + " vehicles, 2 stages, start to COMPLETED",
                secondsBetween(campaign.started(), Instant.now()),
                "s");
        if (kill) {
            assertThat(killed).as("services killed while the campaign ran").hasSizeGreaterThanOrEqualTo(FEWEST_KILLS);
        }
        invariants.get().assertHoldAfter(campaign);
        campaign.assertHealthCountedEachAssignmentOnce();
    }

    /**
     * The two services whose crash matters most to an install in flight: the one that assigns and the one that carries
     * the assignment to the vehicle, killed together while the first stage's vehicles install.
     */
    private static void killCampaignServiceAndGatewayWhileTheFirstStageInstalls(
            StagedCampaign campaign, LocalPlatform platform) throws Exception {
        campaign.awaitFirstStageInstalling();
        platform.kill(OtaStory.CAMPAIGN);
        platform.kill(OtaStory.GATEWAY);
        Instant killedAt = Instant.now();
        platform.restart(OtaStory.GATEWAY, RESTART_TIMEOUT);
        platform.restart(OtaStory.CAMPAIGN, RESTART_TIMEOUT);
        Figures.record(
                "campaign-service + device-gateway: SIGKILL to both ready again",
                secondsBetween(killedAt, Instant.now()),
                "s");
    }

    /** Whether the campaign reached a final state; false while campaign-service cannot answer. */
    private static boolean ended(StagedCampaign campaign) {
        try {
            return FINAL_STATES.contains(RunningPlatform.story().state(campaign.id()));
        } catch (RuntimeException unavailable) {
            return false;
        }
    }
}
