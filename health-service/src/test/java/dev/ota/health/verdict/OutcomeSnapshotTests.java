package dev.ota.health.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OutcomeSnapshotTests {

    private static final UUID CAMPAIGN = UUID.randomUUID();

    private static OutcomeSnapshot vehicle(Standing standing, String failedHardware) {
        return new OutcomeSnapshot(
                CAMPAIGN, 1, "sedan", List.of("tcu-1", "brake-2"), standing, failedHardware, "BOOT_FAILED");
    }

    @Test
    void aVehicleBelongsToAllToEachOfItsHardwareIdsAndToItsModel() {
        assertThat(vehicle(Standing.IN_FLIGHT, null).cohorts())
                .containsExactly("all", "hw:brake-2", "hw:tcu-1", "model:sedan");
    }

    @Test
    void aFailureOfOneEcuCountsAgainstItsHardwareIdButNotAgainstTheOtherEcusHardware() {
        OutcomeSnapshot failed = vehicle(Standing.UNHEALTHY, "brake-2");

        assertThat(failed.contribution("hw:brake-2").unhealthy()).isEqualTo(1);
        assertThat(failed.contribution("all").unhealthy()).isEqualTo(1);
        assertThat(failed.contribution("hw:tcu-1").unhealthy()).isZero();
        assertThat(failed.contribution("hw:tcu-1").unattributed()).isEqualTo(1);
    }

    @Test
    void movingFromSoakingToHealthyShiftsOneVehicleWithoutChangingTheAssignedCount() {
        Tally delta = vehicle(Standing.HEALTHY, null)
                .contribution("all")
                .minus(vehicle(Standing.SOAKING, null).contribution("all"));

        assertThat(delta).isEqualTo(new Tally(0, -1, 1, 0, 0, 0, 0));
    }

    @Test
    void reportsWhoseAssignmentIsUnknownCountNowhere() {
        OutcomeSnapshot unknown = new OutcomeSnapshot(null, null, null, List.of(), Standing.UNHEALTHY, null, null);

        assertThat(unknown.cohorts()).isEmpty();
        assertThat(unknown.contribution("all")).isEqualTo(Tally.EMPTY);
    }
}
