package dev.ota.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.simulator.fleet.Ecu;
import dev.ota.simulator.fleet.FaultProfile;
import dev.ota.simulator.fleet.Vehicle;
import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.delta.DeltaDescription;
import dev.ota.uptane.delta.DeltaOffer;
import dev.ota.uptane.delta.DeltaPaths;
import dev.ota.uptane.delta.ZstdPatch;
import dev.ota.uptane.manifest.Manifests;
import dev.ota.uptane.metadata.TargetFile;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Vehicles updating through deltas (docs/deltas.md): the image repository lists a delta from one release to the next
 * and the director offers it; a vehicle on the base installs through it and reports the released image; a vehicle not
 * offered the delta, any other vehicle, and any delta that is refused, gets the full image.
 */
class DeltaUpdateIntegrationTests extends SimulatorIntegrationTest {

    private static final int SIZE = 256 * 1024;

    /** Firmware-like bytes for one ECU, with a build-specific block: {@code build} 2 differs from 1 by 1 KiB. */
    private static byte[] firmware(String hardwareId, int build) {
        var random = new Random(hardwareId.hashCode());
        byte[] bytes = new byte[SIZE];
        random.nextBytes(bytes);
        byte[] marker = ("build " + build + " ").repeat(100).getBytes();
        System.arraycopy(marker, 0, bytes, SIZE / 3, marker.length);
        return bytes;
    }

    private record Release(TestRepository.Image image, String version) {}

    private static Release release(Ecu ecu, String version, long counter, byte[] content) {
        var image = TestRepository.Image.of(
                ecu.hardwareId() + "-fw/" + version + "-" + UUID.randomUUID() + ".bin",
                ecu.hardwareId(),
                counter,
                content);
        release(image);
        return new Release(image, version);
    }

    /** Lists the delta from {@code base} to {@code result} as the image repository's deltas role would. */
    private static DeltaOffer publishDelta(TestRepository.Image base, TestRepository.Image result) {
        byte[] delta = ZstdPatch.create(base.content(), result.content());
        var description = new DeltaDescription(
                ZstdPatch.FORMAT,
                new DeltaDescription.FileInfo(base.content().length, Map.of("sha256", base.sha256())),
                result.path(),
                new DeltaDescription.FileInfo(result.content().length, Map.of("sha256", result.sha256())));
        String path = DeltaPaths.of(result.path(), base.sha256());
        TargetFile target =
                new TargetFile(delta.length, Map.of("sha256", Hashing.sha256Hex(delta)), description.toCustom());
        publishTarget(path, target, delta);
        return DeltaOffer.of(path, target, description.base());
    }

    private UpdateProgress install(Vehicle vehicle, Release release) {
        return install(vehicle, release, null);
    }

    /** Installs the release with director metadata that offers the primary this delta (or none), as signing-service. */
    private UpdateProgress install(Vehicle vehicle, Release release, @Nullable DeltaOffer offer) {
        String serial = vehicle.primary().serial();
        Map<String, TestRepository.Image> bundle = Map.of(serial, release.image());
        TargetFile target = release.image().directorTarget(serial);
        if (offer != null) {
            target = new TargetFile(
                    target.length(), target.hashes(), DeltaOffer.addedTo(target.custom(), Map.of(serial, offer)));
        }
        Map<String, String> metadata = DIRECTOR.publish(Map.of(release.image().path(), target));
        UUID assignment = sendUpdate(vehicle, release.version(), bundle, metadata, null);
        UpdateProgress end = awaitEnd(vehicle, assignment);
        assertThat(end.phase()).as(end.reason()).isEqualTo(InstallPhase.SUCCEEDED);
        return platform.heard(vehicle.vin(), UpdateProgress.class).stream()
                .filter(p -> p.assignmentId().equals(assignment) && p.phase() == InstallPhase.VERIFIED)
                .findFirst()
                .orElseThrow();
    }

    /** A vehicle on build 1 (installed whole), with build 2 released and a delta 1 -> 2 listed. */
    private record Scenario(Vehicle vehicle, Release base, Release next, DeltaOffer offer) {}

    private Scenario vehicleOnTheBase(String nextVersion) {
        Vehicle vehicle = parkedVehicle();
        Ecu primary = vehicle.primary();
        Release base = release(primary, "5.0.0-" + UUID.randomUUID(), 5, firmware(primary.hardwareId(), 1));
        assertThat(install(vehicle, base).reason()).contains("full image");
        Release next = release(primary, nextVersion, 6, firmware(primary.hardwareId(), 2));
        return new Scenario(vehicle, base, next, publishDelta(base.image(), next.image()));
    }

    @Test
    void aVehicleOnTheBaseInstallsThroughTheDeltaAndReportsTheReleasedImage() {
        Scenario s = vehicleOnTheBase("5.1.0-" + UUID.randomUUID());

        UpdateProgress verified = install(s.vehicle(), s.next(), s.offer());

        assertThat(verified.reason())
                .contains(s.vehicle().primary().serial() + ": delta ")
                .doesNotContain("refused");
        long deltaBytes = Long.parseLong(verified.reason().replaceAll(".*: delta (\\d+) of .*", "$1"));
        assertThat(deltaBytes).as("a 1 KiB change to 256 KiB").isLessThan(SIZE / 20);
        assertThat(s.vehicle().primary().installed().hashes())
                .containsEntry("sha256", s.next().image().sha256());
        ManifestReported manifest = await().atMost(WAIT)
                .until(
                        () -> platform.heard(s.vehicle().vin(), ManifestReported.class)
                                .getLast(),
                        m -> Manifests.parse(m.manifest())
                                .body()
                                .ecuReports()
                                .get(s.vehicle().primary().serial())
                                .body()
                                .installedImagePath()
                                .equals(s.next().image().path()));
        var report = Manifests.parse(manifest.manifest())
                .body()
                .ecuReports()
                .get(s.vehicle().primary().serial())
                .body();
        assertThat(report.installedHashes())
                .containsEntry("sha256", s.next().image().sha256());
        assertThat(report.installedLength()).isEqualTo(SIZE);
    }

    @Test
    void aVehicleOnTheBaseThatTheDirectorOfferedNoDeltaDownloadsTheFullImage() {
        Scenario s = vehicleOnTheBase("5.5.0-" + UUID.randomUUID());

        UpdateProgress verified = install(s.vehicle(), s.next());

        assertThat(verified.reason())
                .as("the image repository lists a delta from the installed image, but the director did not offer it")
                .contains("full image")
                .doesNotContain("delta");
        assertThat(s.vehicle().primary().installed().hashes())
                .containsEntry("sha256", s.next().image().sha256());
    }

    @Test
    void anOfferTheImageRepositoryDoesNotSignIsRefusedAsNotAsOfferedAndTheFullImageInstalled() {
        Scenario s = vehicleOnTheBase("5.6.0-" + UUID.randomUUID());
        DeltaOffer o = s.offer();
        var forged = new DeltaOffer(o.path(), o.length() + 1, o.hashes(), o.base());

        UpdateProgress verified = install(s.vehicle(), s.next(), forged);

        assertThat(verified.reason()).contains("full image").contains("delta refused: NOT_AS_OFFERED (MIX_AND_MATCH)");
        assertThat(s.vehicle().primary().installed().hashes())
                .containsEntry("sha256", s.next().image().sha256());
    }

    @Test
    void aVehicleOnAnotherVersionGetsTheFullImage() {
        Scenario s = vehicleOnTheBase("5.2.0-" + UUID.randomUUID());
        Vehicle other = parkedVehicle();
        Release elsewhere = release(
                other.primary(),
                "4.9.0-" + UUID.randomUUID(),
                4,
                firmware(other.primary().hardwareId(), 9));
        install(other, elsewhere);

        UpdateProgress verified = install(other, s.next());

        assertThat(verified.reason()).contains("full image").doesNotContain("delta");
        assertThat(other.primary().installed().hashes())
                .containsEntry("sha256", s.next().image().sha256());
    }

    @Test
    void aCorruptedDeltaIsRefusedAsTamperedAndTheFullImageInstalled() {
        refusedAndInstalledWhole(
                "5.3.0-corrupt-delta-",
                new FaultProfile(0, 0, 0, 0, 0, 0, 0, 0.0, null, 1.0, 0.0),
                "TAMPERED (ARBITRARY_SOFTWARE)");
    }

    @Test
    void aDeltaThatDoesNotFitTheInstalledBytesIsRefusedAsWrongBaseAndTheFullImageInstalled() {
        refusedAndInstalledWhole(
                "5.4.0-wrong-base-", new FaultProfile(0, 0, 0, 0, 0, 0, 0, 0.0, null, 0.0, 1.0), "WRONG_BASE");
    }

    private void refusedAndInstalledWhole(String versionPrefix, FaultProfile fault, String reason) {
        String version = versionPrefix + UUID.randomUUID();
        faults.set(version, fault);
        Scenario s = vehicleOnTheBase(version);

        UpdateProgress verified = install(s.vehicle(), s.next(), s.offer());

        assertThat(verified.reason()).contains("full image").contains("delta refused: " + reason);
        assertThat(s.vehicle().primary().installed().hashes())
                .containsEntry("sha256", s.next().image().sha256());
    }
}
