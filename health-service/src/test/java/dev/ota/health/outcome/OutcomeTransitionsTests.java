package dev.ota.health.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.events.InstallPhase;
import dev.ota.health.outcome.Signal.BeaconSeen;
import dev.ota.health.outcome.Signal.Progressed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutcomeTransitionsTests {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static Signal progress(InstallPhase phase, int second) {
        return new Progressed(phase, null, null, T0.plusSeconds(second));
    }

    private static Signal goodBeacon(int second) {
        return new BeaconSeen("tcu-1", null, "healthy", T0.plusSeconds(second));
    }

    private static Outcome run(List<Signal> signals) {
        Outcome outcome = Outcome.ASSIGNED;
        for (Signal signal : signals) {
            outcome = OutcomeTransitions.apply(outcome, signal);
        }
        return outcome;
    }

    @Test
    void walksAssignedDownloadingInstalledRebootedThenHealthyAfterTheSoak() {
        Outcome outcome = Outcome.ASSIGNED;
        outcome = OutcomeTransitions.apply(outcome, progress(InstallPhase.DOWNLOADING, 1));
        assertThat(outcome.state()).isEqualTo(OutcomeState.DOWNLOADING);
        outcome = OutcomeTransitions.apply(outcome, progress(InstallPhase.INSTALLED, 2));
        assertThat(outcome.state()).isEqualTo(OutcomeState.INSTALLED);
        outcome = OutcomeTransitions.apply(outcome, progress(InstallPhase.SUCCEEDED, 3));
        assertThat(outcome.state()).isEqualTo(OutcomeState.REBOOTED);
        assertThat(outcome.rebootedAt()).isEqualTo(T0.plusSeconds(3));
        outcome = OutcomeTransitions.apply(outcome, new Signal.Soaked());
        assertThat(outcome.state()).isEqualTo(OutcomeState.HEALTHY);
    }

    @Test
    void theInstallerSayingSucceededIsNotSuccess() {
        assertThat(run(List.of(progress(InstallPhase.SUCCEEDED, 1))).state()).isEqualTo(OutcomeState.REBOOTED);
    }

    @Test
    void aLateDownloadingReportDoesNotMoveAnInstalledVehicleBack() {
        Outcome outcome = run(List.of(progress(InstallPhase.INSTALLED, 2), progress(InstallPhase.DOWNLOADING, 1)));

        assertThat(outcome.state()).isEqualTo(OutcomeState.INSTALLED);
    }

    @Test
    void aBeaconBeforeItsProgressReportMeansTheVehicleRebootedAndTheEarliestRebootStartsTheSoak() {
        Outcome outcome = run(List.of(goodBeacon(10), progress(InstallPhase.SUCCEEDED, 5)));

        assertThat(outcome.state()).isEqualTo(OutcomeState.REBOOTED);
        assertThat(outcome.rebootedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void aFailingBeaconMakesTheVehicleUnhealthyAndNamesTheHardware() {
        Outcome outcome = run(List.of(
                progress(InstallPhase.SUCCEEDED, 1),
                new BeaconSeen("brake-2", FailureReason.BOOT_FAILED, "did not boot", T0.plusSeconds(2))));

        assertThat(outcome.state()).isEqualTo(OutcomeState.UNHEALTHY);
        assertThat(outcome.reasonCode()).isEqualTo(FailureReason.BOOT_FAILED);
        assertThat(outcome.failedHardwareId()).isEqualTo("brake-2");
    }

    @Test
    void finalStatesAbsorbEverythingThatComesLater() {
        Outcome rejected = run(List.of(progress(InstallPhase.REJECTED, 1), progress(InstallPhase.SUCCEEDED, 2)));
        Outcome healthy = run(List.of(
                goodBeacon(1),
                new Signal.Soaked(),
                new BeaconSeen("tcu-1", FailureReason.BOOT_FAILED, "late", T0.plusSeconds(99))));
        Outcome timedOut = run(List.of(
                new Signal.TimedOut(FailureReason.INSTALL_TIMEOUT, "too slow"), goodBeacon(5), new Signal.Soaked()));

        assertThat(rejected.state()).isEqualTo(OutcomeState.REJECTED);
        assertThat(healthy.state()).isEqualTo(OutcomeState.HEALTHY);
        assertThat(timedOut.state()).isEqualTo(OutcomeState.TIMED_OUT);
    }

    @Test
    void soakingCannotPromoteAVehicleThatHasNotRebooted() {
        assertThat(run(List.of(progress(InstallPhase.INSTALLED, 1), new Signal.Soaked()))
                        .state())
                .isEqualTo(OutcomeState.INSTALLED);
    }

    @Test
    void cancellationTakesEffectOnlyBeforeTheVehicleRunsTheUpdate() {
        assertThat(run(List.of(progress(InstallPhase.DOWNLOADING, 1), new Signal.Cancelled("paused")))
                        .state())
                .isEqualTo(OutcomeState.CANCELLED);
        assertThat(run(List.of(goodBeacon(1), new Signal.Cancelled("paused"))).state())
                .isEqualTo(OutcomeState.REBOOTED);
    }

    @Test
    void duplicatedAndShuffledReportsEndInTheSameOutcome() {
        List<Signal> signals = List.of(
                progress(InstallPhase.DOWNLOADING, 1),
                progress(InstallPhase.INSTALLED, 2),
                progress(InstallPhase.SUCCEEDED, 3),
                goodBeacon(4),
                new BeaconSeen("tcu-1", FailureReason.APP_NOT_STARTED, "app", T0.plusSeconds(5)));
        Outcome expected = run(signals);
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<Signal> shuffled = new ArrayList<>(signals);
            shuffled.addAll(signals.subList(0, random.nextInt(signals.size())));
            Collections.shuffle(shuffled, random);
            Outcome outcome = run(shuffled);
            assertThat(outcome.state()).isEqualTo(expected.state());
            assertThat(outcome.reasonCode()).isEqualTo(expected.reasonCode());
            assertThat(outcome.failedHardwareId()).isEqualTo(expected.failedHardwareId());
        }
        assertThat(expected.state()).isEqualTo(OutcomeState.UNHEALTHY);
    }
}
