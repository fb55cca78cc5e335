package dev.ota.systemtests;

import static dev.ota.systemtests.StagedCampaign.secondsBetween;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.Topics;
import dev.ota.launcher.LocalPlatform;
import dev.ota.launcher.demo.Release;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A staged campaign of a healthy release (30 vehicles, 10 then 20) run through one fault: the fault begins once stage 1
 * is installing, is held, and ends; then the campaign must complete and {@link PlatformInvariants} hold. Records how
 * long after the fault's end the campaign's vehicles moved again and how long the campaign took.
 */
final class FaultedCampaign {

    private static final Duration NEXT_PROGRESS_TIMEOUT = Duration.ofMinutes(3);

    private FaultedCampaign() {}

    /** The campaign with no fault: the undisturbed duration the faulted ones compare with. */
    static void runUndisturbed(String name) {
        AtomicReference<PlatformInvariants> invariants = new AtomicReference<>();
        StagedCampaign campaign = StagedCampaign.start(
                name, release(name), StagedCampaign.VEHICLES, fleet -> invariants.set(PlatformInvariants.markNow()));
        campaign.awaitCompleted();
        Figures.record(
                "undisturbed: 30 vehicles, 2 stages, start to COMPLETED",
                secondsBetween(campaign.started(), Instant.now()),
                "s");
        invariants.get().assertHoldAfter(campaign);
        assertThat(KafkaTopics.describeRecordsWithKeys(
                        Topics.deadLetter(Topics.VEHICLE_REPORTS),
                        campaign.fleet().vins()))
                .as("this fleet's reports dead-lettered at any time, before its registration included: each vehicle"
                        + " comes online only once it is registered, so its first manifest finds it")
                .isEmpty();
    }

    static void run(String name, PlatformFault fault, Duration hold) throws InterruptedException {
        AtomicReference<PlatformInvariants> invariants = new AtomicReference<>();
        StagedCampaign campaign = StagedCampaign.start(
                name, release(name), StagedCampaign.VEHICLES, fleet -> invariants.set(PlatformInvariants.markNow()));
        campaign.awaitVehicleOfStage(1, status -> status.equals("IN_PROGRESS") || status.equals("SUCCEEDED"));

        LocalPlatform platform = RunningPlatform.get();
        try (ProgressWatch watch = ProgressWatch.of(campaign)) {
            System.out.println(
                    "[" + name + "] " + fault.name() + " for " + hold.toSeconds() + " s, stage 1 installing");
            fault.begin(platform);
            Instant ended;
            try {
                Thread.sleep(hold);
            } finally {
                fault.end(platform);
                ended = Instant.now();
            }
            Instant next = watch.firstChangeAfter(ended, NEXT_PROGRESS_TIMEOUT)
                    .orElseThrow(() -> new AssertionError("no progress within " + NEXT_PROGRESS_TIMEOUT.toMinutes()
                            + " min of the end of: " + fault.name()));
            Figures.record(
                    fault.name() + " " + hold.toSeconds() + " s: fault end to next progress",
                    secondsBetween(ended, next),
                    "s");
        }
        campaign.awaitCompleted();
        Figures.record(
                fault.name() + ": 30 vehicles, 2 stages, start to COMPLETED",
                secondsBetween(campaign.started(), Instant.now()),
                "s");
        invariants.get().assertHoldAfter(campaign);
    }

    private static Release release(String name) {
        return new Release(name + "-fw", "6.0.0", "hw-tcu", 6, 8 * 1024);
    }
}
