package dev.ota.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.events.ApplicationCheck;
import dev.ota.contracts.events.ApplicationStatus;
import dev.ota.contracts.events.ConsentAnswered;
import dev.ota.contracts.events.ConsentDecision;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.simulator.fleet.ConsentProfile;
import dev.ota.simulator.fleet.Ecu;
import dev.ota.simulator.fleet.FaultProfile;
import dev.ota.simulator.fleet.Vehicle;
import dev.ota.uptane.manifest.ManifestVerdict;
import dev.ota.uptane.manifest.ManifestVerifier;
import dev.ota.uptane.manifest.Manifests;
import dev.ota.uptane.manifest.RegisteredEcu;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VehicleInstallIntegrationTests extends SimulatorIntegrationTest {

    @Test
    void installsAVerifiedBundleToTheInactiveSlotsAndReportsProgressASignedManifestAndHealth() {
        Vehicle vehicle = parkedVehicle();
        Ecu primary = vehicle.primary();
        Ecu brake = vehicle.ecus().get(1);
        var primaryImage = releasedFor(primary, "2.0.0", 2);
        var brakeImage = releasedFor(brake, "2.0.0", 2);
        Map<String, TestRepository.Image> bundle = Map.of(primary.serial(), primaryImage, brake.serial(), brakeImage);

        UUID assignment = sendUpdate(vehicle, "2.0.0", bundle, director(bundle), null);

        UpdateProgress end = awaitEnd(vehicle, assignment);
        assertThat(end.phase()).as(end.reason()).isEqualTo(InstallPhase.SUCCEEDED);
        assertThat(phases(vehicle, assignment))
                .containsExactly(
                        InstallPhase.RECEIVED,
                        InstallPhase.DOWNLOADING,
                        InstallPhase.VERIFIED,
                        InstallPhase.INSTALLING,
                        InstallPhase.INSTALLED,
                        InstallPhase.REBOOTING,
                        InstallPhase.SUCCEEDED);
        assertThat(primary.installed().targetPath()).isEqualTo(primaryImage.path());
        assertThat(primary.installed().version()).isEqualTo("2.0.0");
        assertThat(primary.activeSlot()).isEqualTo('B');
        assertThat(primary.inactive().version())
                .as("the old image stays in slot A")
                .isEqualTo("1.0.0");
        assertThat(vehicle.ecus().get(2).activeSlot())
                .as("an ECU without an image is untouched")
                .isEqualTo('A');

        ManifestReported manifest = await().atMost(WAIT)
                // the first manifest is the one the vehicle reported when it connected; the last is after the update
                .until(() -> platform.heard(vehicle.vin(), ManifestReported.class), list -> list.size() >= 2)
                .getLast();
        var signed = Manifests.parse(manifest.manifest());
        List<RegisteredEcu> inventory = vehicle.ecus().stream()
                .map(e -> new RegisteredEcu(
                        e.serial(), e.hardwareId(), e.primary(), e.key().publicKey()))
                .toList();
        assertThat(new ManifestVerifier(Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofMinutes(1))
                        .verify(vehicle.vin(), signed, inventory))
                .as("the manifest verifies against the keys the factory registered")
                .isInstanceOf(ManifestVerdict.Verified.class);
        assertThat(signed.body().ecuReports().get(brake.serial()).body().installedImagePath())
                .isEqualTo(brakeImage.path());
        assertThat(signed.body().ecuReports().get(brake.serial()).body().releaseCounter())
                .isEqualTo(2);

        List<HealthBeacon> beacons = await().atMost(WAIT)
                .until(() -> platform.heard(vehicle.vin(), HealthBeacon.class), list -> list.size() == 4);
        assertThat(beacons).allSatisfy(b -> {
            assertThat(b.assignmentId()).isEqualTo(assignment);
            assertThat(b.bootOk()).isTrue();
            assertThat(b.appStarted()).isTrue();
            assertThat(b.dtcDelta()).isZero();
        });
        assertThat(beacons.stream().map(HealthBeacon::ecuSerial).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(primary.serial(), brake.serial());
    }

    @Test
    void directorMetadataArrivingBeforeItsAssignmentWaitsForTheAssignmentsConditionsAndNames() {
        Vehicle vehicle = parkedVehicle();
        Ecu primary = vehicle.primary();
        var image = releasedFor(primary, "2.5.0", 2);
        Map<String, TestRepository.Image> bundle = Map.of(primary.serial(), image);

        UUID assignment =
                sendUpdate(vehicle, "2.5.0", bundle, director(bundle), null, java.time.Duration.ofMillis(1500));

        UpdateProgress end = awaitEnd(vehicle, assignment);
        assertThat(end.phase()).as(end.reason()).isEqualTo(InstallPhase.SUCCEEDED);
        assertThat(primary.installed().targetPath()).isEqualTo(image.path());
        assertThat(primary.installed().version())
                .as("the version the assignment named, which only the late assignment carried")
                .isEqualTo("2.5.0");
    }

    @Test
    void revertsToTheOldSlotWhenTheNewImageDoesNotBootAndSaysSoInProgressAndHealth() {
        Vehicle vehicle = parkedVehicle();
        Ecu primary = vehicle.primary();
        String version = "3.0.0-bootloop-" + UUID.randomUUID();
        faults.set(version, new FaultProfile(1, 0, 0, 0, 0, 0, 0));
        var image = releasedFor(primary, version, 2);
        Map<String, TestRepository.Image> bundle = Map.of(primary.serial(), image);

        UUID assignment = sendUpdate(vehicle, version, bundle, director(bundle), null);

        UpdateProgress end = awaitEnd(vehicle, assignment);
        assertThat(end.phase()).isEqualTo(InstallPhase.REVERTED);
        assertThat(end.reason()).contains("boot of " + version + " failed on ECU " + primary.serial());
        assertThat(primary.installed().version()).isEqualTo("1.0.0");
        assertThat(primary.activeSlot()).isEqualTo('A');
        List<HealthBeacon> beacons = await().atMost(WAIT)
                .until(() -> platform.heard(vehicle.vin(), HealthBeacon.class), list -> list.size() == 2);
        assertThat(beacons).allSatisfy(b -> assertThat(b.bootOk()).isFalse());
    }

    @Test
    void reportsAppCrashesAndDtcStormsInHealthBeaconsAfterASuccessfulInstall() {
        Vehicle vehicle = parkedVehicle();
        Ecu primary = vehicle.primary();
        String version = "3.1.0-storm-" + UUID.randomUUID();
        faults.set(version, new FaultProfile(0, 1, 1, 0, 0, 0, 0));
        var image = releasedFor(primary, version, 2);
        Map<String, TestRepository.Image> bundle = Map.of(primary.serial(), image);

        UUID assignment = sendUpdate(vehicle, version, bundle, director(bundle), null);

        assertThat(awaitEnd(vehicle, assignment).phase()).isEqualTo(InstallPhase.SUCCEEDED);
        List<HealthBeacon> beacons = await().atMost(WAIT)
                .until(() -> platform.heard(vehicle.vin(), HealthBeacon.class), list -> list.size() == 2);
        assertThat(beacons).allSatisfy(b -> {
            assertThat(b.bootOk()).isTrue();
            assertThat(b.appStarted()).isFalse();
            assertThat(b.dtcDelta()).isGreaterThanOrEqualTo(20);
        });
    }

    @Test
    void leavesTheNamedApplicationDownInEveryBeaconOfAFaultedInstallAndReportsItUpOtherwise() {
        Vehicle faulted = parkedVehicle();
        String downVersion = "3.2.0-nav-down-" + UUID.randomUUID();
        faults.set(downVersion, new FaultProfile(0, 0, 0, 0, 0, 0, 0, 1.0, "navigation", 0.0, 0.0));
        Vehicle healthy = parkedVehicle();
        String upVersion = "3.2.0-nav-up-" + UUID.randomUUID();
        faults.set(upVersion, new FaultProfile(0, 0, 0, 0, 0, 0, 0, 0.0, "navigation", 0.0, 0.0));

        for (var run : Map.of(faulted, downVersion, healthy, upVersion).entrySet()) {
            Ecu primary = run.getKey().primary();
            Map<String, TestRepository.Image> bundle =
                    Map.of(primary.serial(), releasedFor(primary, run.getValue(), 2));
            UUID assignment = sendUpdate(run.getKey(), run.getValue(), bundle, director(bundle), null);
            assertThat(awaitEnd(run.getKey(), assignment).phase()).isEqualTo(InstallPhase.SUCCEEDED);
        }

        List<HealthBeacon> down = await().atMost(WAIT)
                .until(() -> platform.heard(faulted.vin(), HealthBeacon.class), list -> list.size() == 2);
        assertThat(down).allSatisfy(b -> {
            assertThat(b.appStarted()).isTrue();
            assertThat(b.applications()).singleElement().satisfies(check -> {
                assertThat(check.name()).isEqualTo("navigation");
                assertThat(check.status()).isEqualTo(ApplicationStatus.DOWN);
                assertThat(check.detail()).contains("did not come up");
            });
        });
        List<HealthBeacon> up = await().atMost(WAIT)
                .until(() -> platform.heard(healthy.vin(), HealthBeacon.class), list -> list.size() == 2);
        assertThat(up)
                .allSatisfy(b -> assertThat(b.applications())
                        .containsExactly(new ApplicationCheck("navigation", ApplicationStatus.UP, null)));
    }

    @Test
    void aDriverWhoDeclinesGetsNothingInstalledAndTheDeclineIsReported() {
        Vehicle vehicle = vehicleWhoseDrivers(new ConsentProfile(0, 1, 0));
        var image = releasedFor(vehicle.primary(), "2.0.0", 2);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), image);

        UUID assignment =
                sendUpdate(vehicle, "2.0.0", bundle, director(bundle), new InstallConditions(false, 0, true, null));

        UpdateProgress end = awaitEnd(vehicle, assignment);
        assertThat(end.phase()).isEqualTo(InstallPhase.REJECTED);
        assertThat(end.reason()).isEqualTo("driver declined");
        assertThat(platform.heard(vehicle.vin(), ConsentAnswered.class))
                .singleElement()
                .satisfies(c -> assertThat(c.decision()).isEqualTo(ConsentDecision.DECLINED));
        assertThat(phases(vehicle, assignment)).doesNotContain(InstallPhase.DOWNLOADING);
        assertThat(vehicle.primary().installed().version()).isEqualTo("1.0.0");
    }

    @Test
    void signedInstallConditionsApplyEvenWhenTheUnsignedCommandDropsThem() {
        Vehicle vehicle = vehicleWhoseDrivers(new ConsentProfile(0, 1, 0));
        var image = releasedFor(vehicle.primary(), "2.0.0", 2);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), image);
        var signed = new InstallConditions(false, 0, true, null);

        UUID assignment = sendUpdate(vehicle, "2.0.0", bundle, director(bundle, signed), InstallConditions.NONE);

        UpdateProgress end = awaitEnd(vehicle, assignment);
        assertThat(end.phase()).isEqualTo(InstallPhase.REJECTED);
        assertThat(end.reason()).isEqualTo("driver declined");
        assertThat(platform.heard(vehicle.vin(), ConsentAnswered.class))
                .as("the driver was asked because the director signed consentRequired, though the command said no")
                .singleElement()
                .satisfies(c -> assertThat(c.decision()).isEqualTo(ConsentDecision.DECLINED));
        assertThat(phases(vehicle, assignment)).doesNotContain(InstallPhase.DOWNLOADING);
        assertThat(vehicle.primary().installed().version()).isEqualTo("1.0.0");
    }

    @Test
    void anUnansweredConsentRequestTimesOut() {
        Vehicle vehicle = vehicleWhoseDrivers(new ConsentProfile(0, 0, 1));
        var image = releasedFor(vehicle.primary(), "2.0.0", 2);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), image);

        UUID assignment =
                sendUpdate(vehicle, "2.0.0", bundle, director(bundle), new InstallConditions(false, 0, true, null));

        assertThat(awaitEnd(vehicle, assignment).reason())
                .isEqualTo(InstallConditions.CONSENT_TIMED_OUT + ": the driver did not answer within PT0.5S");
        assertThat(platform.heard(vehicle.vin(), ConsentAnswered.class))
                .singleElement()
                .satisfies(c -> assertThat(c.decision()).isEqualTo(ConsentDecision.TIMED_OUT));
    }

    @Test
    void waitsWhileDrivingAndInstallsOnceParked() throws Exception {
        Vehicle vehicle = parkedVehicle();
        vehicle.pin(true, 90);
        var image = releasedFor(vehicle.primary(), "2.0.0", 2);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), image);

        UUID assignment =
                sendUpdate(vehicle, "2.0.0", bundle, director(bundle), new InstallConditions(true, 50, false, null));

        await().atMost(WAIT).until(() -> vehicle.status().equals("WAITING_FOR_CONDITIONS"));
        Thread.sleep(500);
        assertThat(phases(vehicle, assignment)).containsExactly(InstallPhase.RECEIVED);
        vehicle.pin(false, 90);
        assertThat(awaitEnd(vehicle, assignment).phase()).isEqualTo(InstallPhase.SUCCEEDED);
    }

    @Test
    void givesUpWhenTheBatteryStaysTooLowUntilTheInstallWindowCloses() {
        Vehicle vehicle = parkedVehicle();
        vehicle.pin(false, 15);
        var image = releasedFor(vehicle.primary(), "2.0.0", 2);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), image);

        UUID assignment = sendUpdate(
                vehicle,
                "2.0.0",
                bundle,
                director(bundle),
                new InstallConditions(false, 60, false, Instant.now().plusSeconds(1)));

        UpdateProgress end = awaitEnd(vehicle, assignment);
        assertThat(end.phase()).as("the update never ran: not a failed install").isEqualTo(InstallPhase.REJECTED);
        assertThat(end.reason())
                .startsWith(InstallConditions.CONDITIONS_NOT_MET)
                .contains("battery at 15%, needs 60%");
        assertThat(vehicle.primary().installed().version()).isEqualTo("1.0.0");
    }

    @Test
    void aCancelBeforeInstallingStopsTheUpdate() {
        Vehicle vehicle = parkedVehicle();
        vehicle.pin(true, 90);
        var image = releasedFor(vehicle.primary(), "2.0.0", 2);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), image);
        UUID assignment =
                sendUpdate(vehicle, "2.0.0", bundle, director(bundle), new InstallConditions(true, 0, false, null));
        await().atMost(WAIT).until(() -> vehicle.status().equals("WAITING_FOR_CONDITIONS"));

        platform.command(
                vehicle.vin(),
                Map.of(
                        "type", "cancel",
                        "commandId", UUID.randomUUID().toString(),
                        "vin", vehicle.vin(),
                        "assignmentId", assignment.toString(),
                        "campaignId", UUID.randomUUID().toString(),
                        "reason", "campaign aborted"));

        UpdateProgress end = awaitEnd(vehicle, assignment);
        assertThat(end.phase()).isEqualTo(InstallPhase.REJECTED);
        assertThat(end.reason()).isEqualTo("cancelled: campaign aborted");
        assertThat(vehicle.primary().installed().version()).isEqualTo("1.0.0");
    }

    @Test
    void aDamagedDownloadFailsItsHashCheckAndNothingIsInstalled() {
        Vehicle vehicle = parkedVehicle();
        String version = "4.0.0-corrupt-" + UUID.randomUUID();
        faults.set(version, new FaultProfile(0, 0, 0, 1, 0, 0, 0));
        var image = releasedFor(vehicle.primary(), version, 2);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), image);

        UUID assignment = sendUpdate(vehicle, version, bundle, director(bundle), null);

        UpdateProgress end = awaitEnd(vehicle, assignment);
        assertThat(end.phase()).isEqualTo(InstallPhase.FAILED);
        assertThat(end.reason()).contains("failed its checks").contains("does not match the signed hash");
        assertThat(vehicle.primary().installed().version()).isEqualTo("1.0.0");
        assertThat(vehicle.attacksSeen())
                .as("transport damage is not an attack")
                .isEmpty();
    }

    @Test
    void aVehicleThatDropsOffMidUpdateReportsTheRestWhenItIsBack() {
        Vehicle vehicle = parkedVehicle();
        String version = "5.0.0-offline-" + UUID.randomUUID();
        faults.set(version, new FaultProfile(0, 0, 0, 0, 0, 1, 0));
        var image = releasedFor(vehicle.primary(), version, 2);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), image);

        UUID assignment = sendUpdate(vehicle, version, bundle, director(bundle), null);

        await().atMost(WAIT).until(() -> !vehicle.online());
        UpdateProgress end = awaitEnd(vehicle, assignment);
        assertThat(end.phase()).isEqualTo(InstallPhase.SUCCEEDED);
        assertThat(vehicle.online()).isTrue();
        assertThat(new HashSet<>(phases(vehicle, assignment))).contains(InstallPhase.INSTALLED, InstallPhase.REBOOTING);
    }

    @Test
    void aVehicleThatNeverReportsBackGoesSilentAfterVerifying() throws Exception {
        Vehicle vehicle = parkedVehicle();
        String version = "6.0.0-silent-" + UUID.randomUUID();
        faults.set(version, new FaultProfile(0, 0, 0, 0, 0, 0, 1));
        var image = releasedFor(vehicle.primary(), version, 2);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), image);

        UUID assignment = sendUpdate(vehicle, version, bundle, director(bundle), null);

        await().atMost(WAIT).until(() -> vehicle.primary().installed().version().equals(version));
        Thread.sleep(1_000);
        assertThat(phases(vehicle, assignment)).last().isEqualTo(InstallPhase.VERIFIED);
        assertThat(platform.heard(vehicle.vin(), HealthBeacon.class)).isEmpty();
    }
}
