package dev.ota.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.simulator.fleet.AttackScenario;
import dev.ota.simulator.fleet.Ecu;
import dev.ota.simulator.fleet.Vehicle;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signers;
import dev.ota.uptane.manifest.Manifests;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Each attack of the issue against a real vehicle: it refuses, keeps its current version, and reports the attack in
 * its progress report and in the next signed manifest.
 */
class AttackScenarioIntegrationTests extends SimulatorIntegrationTest {

    @Test
    void refusesAnOlderReleaseCounterAsARollbackAttack() {
        Vehicle vehicle = parkedVehicle();
        var old = releasedFor(vehicle.primary(), "0.9.0", 0);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), old);

        assertRefused(vehicle, sendUpdate(vehicle, "0.9.0", bundle, director(bundle), null), "ROLLBACK");
    }

    @Test
    void refusesExpiredDirectorMetadataAsAFreezeAttack() {
        Vehicle vehicle = parkedVehicle();
        var image = releasedFor(vehicle.primary(), "2.0.0", 2);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), image);
        Map<String, String> stale = DIRECTOR.publish(
                Map.of(image.path(), image.directorTarget(vehicle.primary().serial())),
                DIRECTOR.targetsKey,
                Instant.now().minusSeconds(60));

        assertRefused(vehicle, sendUpdate(vehicle, "2.0.0", bundle, stale, null), "FREEZE");
    }

    @Test
    void refusesDirectorTargetsFromAnotherReleaseAsMixAndMatch() {
        Vehicle vehicle = parkedVehicle();
        var image = releasedFor(vehicle.primary(), "2.0.0", 2);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), image);
        Map<String, String> earlier = director(bundle);
        Map<String, String> later = new HashMap<>(director(bundle));
        String laterTargets = later.keySet().stream()
                .filter(n -> n.endsWith(".targets.json"))
                .findFirst()
                .orElseThrow();
        String earlierTargets = earlier.keySet().stream()
                .filter(n -> n.endsWith(".targets.json"))
                .findFirst()
                .orElseThrow();
        later.put(laterTargets, earlier.get(earlierTargets));

        assertRefused(vehicle, sendUpdate(vehicle, "2.0.0", bundle, later, null), "MIX_AND_MATCH");
    }

    @Test
    void refusesAnImageTheImageRepositoryNeverSignedEvenWhenTheDirectorListsIt() {
        Vehicle vehicle = parkedVehicle();
        var unreleased =
                TestRepository.Image.of("evil-fw/6.6.6.bin", vehicle.primary().hardwareId(), 9);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), unreleased);

        assertRefused(vehicle, sendUpdate(vehicle, "6.6.6", bundle, director(bundle), null), "ARBITRARY_SOFTWARE");
    }

    @Test
    void refusesDirectorTargetsSignedWithACompromisedKeyTheRootDoesNotTrust() {
        Vehicle vehicle = parkedVehicle();
        var image = releasedFor(vehicle.primary(), "2.0.0", 2);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), image);
        Map<String, String> forged = DIRECTOR.publish(
                Map.of(image.path(), image.directorTarget(vehicle.primary().serial())),
                Signers.generate(Scheme.ED25519),
                Instant.now().plusSeconds(3600));

        assertRefused(vehicle, sendUpdate(vehicle, "2.0.0", bundle, forged, null), "ARBITRARY_SOFTWARE");
    }

    @Test
    void refusesMetadataWithADamagedSignature() {
        Vehicle vehicle = parkedVehicle();
        vehicle.setAttack(AttackScenario.BAD_SIGNATURE);
        var image = releasedFor(vehicle.primary(), "2.0.0", 2);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), image);

        assertRefused(vehicle, sendUpdate(vehicle, "2.0.0", bundle, director(bundle), null), "ARBITRARY_SOFTWARE");
    }

    @Test
    void refusesOversizedMetadataAsEndlessData() {
        Vehicle vehicle = parkedVehicle();
        vehicle.setAttack(AttackScenario.OVERSIZED_METADATA);
        var image = releasedFor(vehicle.primary(), "2.0.0", 2);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), image);

        assertRefused(vehicle, sendUpdate(vehicle, "2.0.0", bundle, director(bundle), null), "ENDLESS_DATA");
    }

    @Test
    void refusesAnImageSwappedByACompromisedImageServer() {
        Vehicle vehicle = parkedVehicle();
        vehicle.setAttack(AttackScenario.COMPROMISED_IMAGE_SERVER);
        var image = releasedFor(vehicle.primary(), "2.0.0", 2);
        Map<String, TestRepository.Image> bundle = Map.of(vehicle.primary().serial(), image);

        assertRefused(vehicle, sendUpdate(vehicle, "2.0.0", bundle, director(bundle), null), "ARBITRARY_SOFTWARE");
    }

    @Test
    void refusesReplayedOldDirectorMetadataAfterANewerUpdate() {
        Vehicle vehicle = parkedVehicle();
        Ecu primary = vehicle.primary();
        var first = releasedFor(primary, "2.0.0", 2);
        Map<String, TestRepository.Image> bundle = Map.of(primary.serial(), first);
        assertThat(awaitEnd(vehicle, sendUpdate(vehicle, "2.0.0", bundle, director(bundle), null))
                        .phase())
                .isEqualTo(InstallPhase.SUCCEEDED);
        var second = releasedFor(primary, "3.0.0", 3);
        Map<String, TestRepository.Image> next = Map.of(primary.serial(), second);
        assertThat(awaitEnd(vehicle, sendUpdate(vehicle, "3.0.0", next, director(next), null))
                        .phase())
                .isEqualTo(InstallPhase.SUCCEEDED);

        vehicle.setAttack(AttackScenario.REPLAY_OLD_METADATA);
        var third = releasedFor(primary, "4.0.0", 4);
        Map<String, TestRepository.Image> latest = Map.of(primary.serial(), third);
        UUID assignment = sendUpdate(vehicle, "4.0.0", latest, director(latest), null);

        UpdateProgress end = awaitEnd(vehicle, assignment);
        assertThat(end.phase()).isEqualTo(InstallPhase.REJECTED);
        assertThat(end.reason()).startsWith("attack detected: ROLLBACK");
        assertThat(primary.installed().version()).isEqualTo("3.0.0");
    }

    private void assertRefused(Vehicle vehicle, UUID assignment, String attack) {
        UpdateProgress end = awaitEnd(vehicle, assignment);
        assertThat(end.phase()).isEqualTo(InstallPhase.REJECTED);
        assertThat(end.reason()).startsWith("attack detected: " + attack + ": ");
        assertThat(vehicle.primary().installed().version())
                .as("keeps running its version")
                .isEqualTo("1.0.0");
        assertThat(vehicle.primary().activeSlot()).isEqualTo('A');
        assertThat(vehicle.attacksSeen()).containsExactly(attack);
        ManifestReported manifest = await().atMost(WAIT)
                // the first manifest is the one the vehicle reported when it connected; the last is after the update
                .until(() -> platform.heard(vehicle.vin(), ManifestReported.class), list -> list.size() >= 2)
                .getLast();
        assertThat(Manifests.parse(manifest.manifest())
                        .body()
                        .ecuReports()
                        .get(vehicle.primary().serial())
                        .body()
                        .attacksDetected())
                .containsExactly(attack);
        assertThat(phases(vehicle, assignment)).doesNotContain(InstallPhase.INSTALLING);
    }
}
