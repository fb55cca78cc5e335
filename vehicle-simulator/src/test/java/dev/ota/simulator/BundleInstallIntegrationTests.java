package dev.ota.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.events.ConsentAnswered;
import dev.ota.contracts.events.ConsentDecision;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.InstallGeofence;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.simulator.fleet.ConsentProfile;
import dev.ota.simulator.fleet.Ecu;
import dev.ota.simulator.fleet.FaultProfile;
import dev.ota.simulator.fleet.Vehicle;
import dev.ota.uptane.metadata.TargetFile;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a vehicle enforces from the install conditions the director signed: the order a multi-ECU bundle installs in
 * and its all-or-nothing revert, a bundle whose director targets leave out an ECU, its own position against the
 * campaign's geofence, and the campaign's consent timeout. Real MQTT broker, director metadata signed by the uptane
 * library, images over HTTP.
 */
class BundleInstallIntegrationTests extends SimulatorIntegrationTest {

    private static final InstallGeofence.Area DEPOT = new InstallGeofence.Area(
            "depot",
            List.of(
                    new InstallGeofence.Position(48.0, 11.0),
                    new InstallGeofence.Position(48.0, 12.0),
                    new InstallGeofence.Position(49.0, 12.0),
                    new InstallGeofence.Position(49.0, 11.0)));

    @Test
    void aBundleInstallsItsEcusOneAfterTheOtherInTheSignedOrder() {
        Vehicle vehicle = parkedVehicle();
        List<Ecu> ecus = vehicle.ecus();
        Map<String, String> versions = versions(ecus, "7.0.0-" + UUID.randomUUID());
        Map<String, TestRepository.Image> bundle = released(ecus, versions);
        // the bundle's order, not the vehicle's: the last secondary (say the gateway) first, the primary last
        List<String> order =
                List.of(ecus.get(2).serial(), ecus.get(1).serial(), ecus.get(0).serial());
        InstallConditions conditions = InstallConditions.NONE.withInstallOrder(order);

        UUID assignment = sendUpdate(vehicle, "7.0.0", bundle, signed(bundle, versions, conditions), conditions);

        UpdateProgress end = awaitEnd(vehicle, assignment);
        assertThat(end.phase()).as(end.reason()).isEqualTo(InstallPhase.SUCCEEDED);
        assertThat(vehicle.installLog())
                .containsExactly(
                        order.get(0) + " wrote " + versions.get(order.get(0)),
                        order.get(0) + " booted " + versions.get(order.get(0)),
                        order.get(1) + " wrote " + versions.get(order.get(1)),
                        order.get(1) + " booted " + versions.get(order.get(1)),
                        order.get(2) + " wrote " + versions.get(order.get(2)),
                        order.get(2) + " booted " + versions.get(order.get(2)));
        assertThat(ecus).allSatisfy(ecu -> assertThat(ecu.installed().version()).isEqualTo(versions.get(ecu.serial())));
    }

    @Test
    void whenTheSecondEcuOfAThreeEcuBundleDoesNotBootAllThreeStayOnTheirPreviousImagesAndTheReportSaysWhy() {
        Vehicle vehicle = parkedVehicle();
        List<Ecu> ecus = vehicle.ecus();
        Map<String, String> versions = versions(ecus, "8.0.0-" + UUID.randomUUID());
        Ecu first = ecus.get(0);
        Ecu second = ecus.get(1);
        Ecu third = ecus.get(2);
        faults.set(versions.get(second.serial()), new FaultProfile(1, 0, 0, 0, 0, 0, 0));
        Map<String, TestRepository.Image> bundle = released(ecus, versions);
        InstallConditions conditions =
                InstallConditions.NONE.withInstallOrder(List.of(first.serial(), second.serial(), third.serial()));

        UUID assignment = sendUpdate(vehicle, "8.0.0", bundle, signed(bundle, versions, conditions), conditions);

        UpdateProgress end = awaitEnd(vehicle, assignment);
        assertThat(end.phase()).isEqualTo(InstallPhase.REVERTED);
        assertThat(end.ecuSerial()).as("the report names the ECU that failed").isEqualTo(second.serial());
        assertThat(end.reason())
                .contains("boot of " + versions.get(second.serial()) + " failed on ECU " + second.serial())
                .contains("every ECU of the bundle is back on its previous image");
        assertThat(ecus).allSatisfy(ecu -> {
            assertThat(ecu.installed().version()).as(ecu.serial()).isEqualTo("1.0.0");
            assertThat(ecu.activeSlot()).as(ecu.serial()).isEqualTo('A');
        });
        assertThat(vehicle.installLog())
                .as("the first booted its image and went back; the third was never written")
                .containsExactly(
                        first.serial() + " wrote " + versions.get(first.serial()),
                        first.serial() + " booted " + versions.get(first.serial()),
                        second.serial() + " wrote " + versions.get(second.serial()),
                        second.serial() + " failed to boot " + versions.get(second.serial()),
                        first.serial() + " reverted to 1.0.0");
    }

    @Test
    void directorTargetsThatLeaveOutAnEcuTheBundleNamesAreRefusedAsAPartialBundleAndNothingInstalls() {
        Vehicle vehicle = parkedVehicle();
        List<Ecu> ecus = vehicle.ecus();
        Map<String, String> versions = versions(ecus, "9.0.0-" + UUID.randomUUID());
        Map<String, TestRepository.Image> bundle = released(ecus, versions);
        InstallConditions conditions = InstallConditions.NONE.withInstallOrder(
                ecus.stream().map(Ecu::serial).toList());
        Map<String, TestRepository.Image> withoutTheThird = new LinkedHashMap<>(bundle);
        withoutTheThird.remove(ecus.get(2).serial());

        UUID assignment = sendUpdate(
                vehicle, "9.0.0", withoutTheThird, signed(withoutTheThird, versions, conditions), conditions);

        UpdateProgress end = awaitEnd(vehicle, assignment);
        assertThat(end.phase()).isEqualTo(InstallPhase.REJECTED);
        assertThat(end.reason())
                .startsWith("attack detected: PARTIAL_BUNDLE")
                .contains(ecus.get(2).serial());
        assertThat(vehicle.attacksSeen()).contains("PARTIAL_BUNDLE");
        assertThat(phases(vehicle, assignment)).doesNotContain(InstallPhase.DOWNLOADING);
        assertThat(ecus).allSatisfy(ecu -> assertThat(ecu.installed().version()).isEqualTo("1.0.0"));
        assertThat(vehicle.installLog()).isEmpty();
    }

    @Test
    void aVehicleOutsideTheGeofenceDoesNotInstallUntilItIsMovedInside() throws Exception {
        Vehicle vehicle = parkedVehicle();
        vehicle.placeAt(52.52, 13.40);
        var image = releasedFor(vehicle.primary(), "2.0.0", 2);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), image);
        var conditions = new InstallConditions(
                false, 0, false, null, null, new InstallGeofence(List.of(DEPOT), List.of()), List.of());

        UUID assignment = sendUpdate(vehicle, "2.0.0", bundle, director(bundle, conditions), InstallConditions.NONE);

        await().atMost(WAIT).until(() -> "WAITING_FOR_CONDITIONS".equals(vehicle.status()));
        assertThat(vehicle.waitingFor()).contains("outside every allowed area");
        Thread.sleep(1_000);
        assertThat(phases(vehicle, assignment)).containsExactly(InstallPhase.RECEIVED);
        assertThat(vehicle.primary().installed().version()).isEqualTo("1.0.0");

        vehicle.placeAt(48.5, 11.5);

        assertThat(awaitEnd(vehicle, assignment).phase()).isEqualTo(InstallPhase.SUCCEEDED);
        assertThat(vehicle.primary().installed().targetPath()).isEqualTo(image.path());
    }

    @Test
    void aVehicleThatStaysInsideADeniedAreaGivesUpWhenTheInstallWindowClosesWithoutFailingTheRelease() {
        Vehicle vehicle = parkedVehicle();
        vehicle.placeAt(48.5, 11.5);
        var image = releasedFor(vehicle.primary(), "2.0.0", 2);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), image);
        var conditions = new InstallConditions(
                false,
                0,
                false,
                Instant.now().plusSeconds(2),
                null,
                new InstallGeofence(List.of(), List.of(DEPOT)),
                List.of());

        UUID assignment = sendUpdate(vehicle, "2.0.0", bundle, director(bundle, conditions), InstallConditions.NONE);

        UpdateProgress end = awaitEnd(vehicle, assignment);
        assertThat(end.phase()).as("a named refusal, not a failed install").isEqualTo(InstallPhase.REJECTED);
        assertThat(end.reason())
                .startsWith(InstallConditions.CONDITIONS_NOT_MET)
                .contains("geofence: inside denied area 'depot'");
        assertThat(vehicle.primary().installed().version()).isEqualTo("1.0.0");
    }

    @Test
    void anUnansweredConsentRequestTimesOutAfterTheCampaignsTimeoutNotTheSimulatorsOwn() {
        // the simulator's own timeout in these tests is 0.5 s; the campaign's, signed, is 2 s
        Vehicle vehicle = vehicleWhoseDrivers(new ConsentProfile(0, 0, 1));
        var image = releasedFor(vehicle.primary(), "2.0.0", 2);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), image);
        var conditions = new InstallConditions(false, 0, true, null, Duration.ofSeconds(2), null, List.of());

        UUID assignment = sendUpdate(vehicle, "2.0.0", bundle, director(bundle, conditions), InstallConditions.NONE);

        UpdateProgress end = awaitEnd(vehicle, assignment);
        assertThat(end.phase()).isEqualTo(InstallPhase.REJECTED);
        assertThat(end.reason())
                .isEqualTo(InstallConditions.CONSENT_TIMED_OUT + ": the driver did not answer within PT2S");
        UpdateProgress asked = platform.heard(vehicle.vin(), UpdateProgress.class).stream()
                .filter(p -> p.assignmentId().equals(assignment) && p.phase() == InstallPhase.AWAITING_CONSENT)
                .findFirst()
                .orElseThrow();
        ConsentAnswered timedOut = await().atMost(WAIT)
                .until(() -> platform.heard(vehicle.vin(), ConsentAnswered.class), list -> !list.isEmpty())
                .getFirst();
        assertThat(timedOut.decision()).isEqualTo(ConsentDecision.TIMED_OUT);
        assertThat(Duration.between(asked.occurredAt(), timedOut.occurredAt()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(vehicle.primary().installed().version()).isEqualTo("1.0.0");
    }

    private static Map<String, String> versions(List<Ecu> ecus, String base) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (int i = 0; i < ecus.size(); i++) {
            versions.put(ecus.get(i).serial(), base + "-" + i);
        }
        return versions;
    }

    private static Map<String, TestRepository.Image> released(List<Ecu> ecus, Map<String, String> versions) {
        Map<String, TestRepository.Image> bundle = new LinkedHashMap<>();
        for (Ecu ecu : ecus) {
            bundle.put(ecu.serial(), releasedFor(ecu, versions.get(ecu.serial()), 2));
        }
        return bundle;
    }

    /** Director targets as signing-service writes them, each with the signed conditions and its version's name. */
    private static Map<String, String> signed(
            Map<String, TestRepository.Image> byEcu, Map<String, String> versions, InstallConditions conditions) {
        Map<String, TargetFile> targets = new HashMap<>();
        byEcu.forEach((serial, image) -> {
            TargetFile target = image.directorTarget(serial);
            Map<String, Object> custom = new LinkedHashMap<>(target.custom());
            custom.put(InstallConditions.METADATA_KEY, conditions.toMetadata());
            custom.put("version", versions.get(serial));
            targets.put(image.path(), new TargetFile(target.length(), target.hashes(), custom));
        });
        return DIRECTOR.publish(targets);
    }
}
