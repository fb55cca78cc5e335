package dev.ota.rollback.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.events.EcuTarget;
import dev.ota.rollback.decision.RollbackPlanner.Refused;
import dev.ota.rollback.decision.RollbackPlanner.RollBack;
import dev.ota.rollback.fleet.ImageEvidence;
import dev.ota.rollback.fleet.KnownImage;
import dev.ota.rollback.fleet.StageVehicle;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RollbackPlanningTests {

    private static final KnownImage V1 =
            new KnownImage("brake-fw/1.0.0", "brake-fw", "1.0.0", 4, 100, Map.of("sha256", "aa"));
    private static final KnownImage V1_AT_6 = new KnownImage(
            "brake-fw/1.0.0-rerelease.6", "brake-fw", "1.0.0-rerelease.6", 6, 100, Map.of("sha256", "aa"));
    private static final KnownImage V1_AT_8 = new KnownImage(
            "brake-fw/1.0.0-rerelease.8", "brake-fw", "1.0.0-rerelease.8", 8, 100, Map.of("sha256", "aa"));
    private static final KnownImage V1_AT_9 = new KnownImage(
            "brake-fw/1.0.0-rerelease.9", "brake-fw", "1.0.0-rerelease.9", 9, 100, Map.of("sha256", "aa"));
    private static final EcuTarget V2 =
            new EcuTarget("ecu-1", "brake-b", "brake-fw", "2.0.0", "brake-fw/2.0.0", 7, 200, Map.of("sha256", "bb"));
    private static final PreValidatedVersionRule TWENTY_VEHICLES = new PreValidatedVersionRule(20);

    private static StageVehicle vehicle(String failure, Map<String, String> previous, String model, String... hw) {
        return new StageVehicle(UUID.randomUUID(), "VIN1", model, List.of(hw), List.of(V2), failure, previous);
    }

    private static ImageEvidence evidence(long healthy, KnownImage... releasedCopies) {
        return new ImageEvidence(V1, healthy, null, List.of(releasedCopies));
    }

    @Test
    void rollsBackToTheLowestReReleaseOfTheLastKnownGoodAboveTheFailingCounter() {
        StageVehicle vehicle = vehicle("boot failed", Map.of("ecu-1", V1.targetPath()), "sedan", "brake-b");

        var plan = RollbackPlanner.plan(
                vehicle, Map.of(V1.targetPath(), evidence(25, V1, V1_AT_6, V1_AT_8, V1_AT_9)), TWENTY_VEHICLES);

        assertThat(plan).isInstanceOf(RollBack.class);
        EcuTarget target = ((RollBack) plan).targets().getFirst();
        assertThat(target.targetPath()).isEqualTo(V1_AT_8.targetPath());
        assertThat(target.version()).isEqualTo("1.0.0-rerelease.8");
        assertThat(target.hashes()).isEqualTo(V1.hashes());
        assertThat(target.ecuSerial()).isEqualTo("ecu-1");
        assertThat(target.hardwareId()).isEqualTo("brake-b");
        assertThat(target.releaseCounter()).isEqualTo(8).isGreaterThan(V2.releaseCounter());
    }

    @Test
    void refusesWhenNoReleaseOfTheOldBytesIsAboveTheFailingCounter() {
        StageVehicle vehicle = vehicle("boot failed", Map.of("ecu-1", V1.targetPath()), "sedan", "brake-b");

        var plan = RollbackPlanner.plan(vehicle, Map.of(V1.targetPath(), evidence(25, V1, V1_AT_6)), TWENTY_VEHICLES);

        assertThat(plan).isInstanceOf(Refused.class);
        assertThat(((Refused) plan).reason())
                .startsWith("ECU ecu-1: no released re-release of last-known-good brake-fw/1.0.0 above release"
                        + " counter 7")
                .contains("POST /api/images/brake-fw/1.0.0/re-release");
    }

    @Test
    void refusesAVersionHealthyOnTooFewVehiclesAndSaysWhy() {
        StageVehicle vehicle = vehicle("boot failed", Map.of("ecu-1", V1.targetPath()), "sedan", "brake-b");

        var plan = RollbackPlanner.plan(vehicle, Map.of(V1.targetPath(), evidence(19, V1, V1_AT_8)), TWENTY_VEHICLES);

        assertThat(plan).isInstanceOf(Refused.class);
        assertThat(((Refused) plan).reason())
                .isEqualTo("ECU ecu-1: last-known-good brake-fw/1.0.0 is not pre-validated: healthy on 19 vehicle(s),"
                        + " needs 20, and no explicit validation");
    }

    @Test
    void acceptsAnExplicitlyValidatedVersionWithoutFieldEvidence() {
        assertThat(TWENTY_VEHICLES.refusal(V1.targetPath(), new ImageEvidence(V1, 0, "rita", List.of())))
                .isEmpty();
    }

    @Test
    void refusesWhenNoSignedManifestShowedWhatTheEcuRanBefore() {
        var plan =
                RollbackPlanner.plan(vehicle("boot failed", Map.of(), "sedan", "brake-b"), Map.of(), TWENTY_VEHICLES);

        assertThat(((Refused) plan).reason()).contains("no signed manifest showed what ECU ecu-1");
    }

    @Test
    void refusesAnImageThisServiceCannotDescribe() {
        assertThat(TWENTY_VEHICLES.refusal("mystery/0.1", new ImageEvidence(null, 100, "rita", List.of())))
                .hasValueSatisfying(reason -> assertThat(reason).contains("not an image this service knows"));
    }

    @Test
    void pauseOnlyRollsBackNobody() {
        RollbackScope scope = RollbackPolicy.PAUSE_ONLY.scopeFor("hw:brake-b");

        assertThat(scope.includes(vehicle("boot failed", Map.of(), "sedan", "brake-b")))
                .isFalse();
    }

    @Test
    void failedVehiclesPolicyTakesOnlyVehiclesWhoseUpdateFailed() {
        RollbackScope scope = RollbackPolicy.ROLLBACK_FAILED_VEHICLES.scopeFor("all");

        assertThat(scope.includes(vehicle("boot failed", Map.of(), "sedan", "brake-b")))
                .isTrue();
        assertThat(scope.includes(vehicle(null, Map.of(), "sedan", "brake-b"))).isFalse();
    }

    @Test
    void cohortPolicyTakesEveryVehicleWithTheFailingHardwareOrModelFailedOrNot() {
        RollbackScope hardware = RollbackPolicy.ROLLBACK_COHORT.scopeFor("hw:brake-b");
        RollbackScope model = RollbackPolicy.ROLLBACK_COHORT.scopeFor("model:van");

        assertThat(hardware.includes(vehicle(null, Map.of(), "sedan", "tcu", "brake-b")))
                .isTrue();
        assertThat(hardware.includes(vehicle("boot failed", Map.of(), "sedan", "tcu", "brake-a")))
                .isFalse();
        assertThat(model.includes(vehicle(null, Map.of(), "van", "brake-a"))).isTrue();
        assertThat(model.includes(vehicle(null, Map.of(), "sedan", "brake-a"))).isFalse();
    }

    @Test
    void stagePolicyTakesEveryVehicleOfTheStage() {
        assertThat(RollbackPolicy.ROLLBACK_STAGE.scopeFor("hw:brake-b").includes(vehicle(null, Map.of(), "van", "x")))
                .isTrue();
    }

    @Test
    void anUnknownPolicyNameFallsBackToPausingOnly() {
        assertThat(RollbackPolicy.parse("ROLL_EVERYTHING_BACK")).isEqualTo(RollbackPolicy.PAUSE_ONLY);
        assertThat(RollbackPolicy.parse(" rollback_cohort ")).isEqualTo(RollbackPolicy.ROLLBACK_COHORT);
    }
}
