package dev.ota.campaign.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.campaign.campaigns.UpdateBundle;
import dev.ota.campaign.images.SignedImage;
import dev.ota.campaign.registry.Ecu;
import dev.ota.campaign.registry.Vehicle;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class CompatibilityCheckTests {

    private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");
    private static final SignedImage BRAKE_42 = image("brake", "2.4.1", "brake-hw", 42);
    private static final SignedImage ABS_7 = image("abs", "7.0.0", "abs-hw", 7);

    private static SignedImage image(String name, String version, String hw, long counter) {
        return new SignedImage(
                name, version, List.of(hw), counter, 10, Map.of("sha256", "aa"), name + "/" + version, false);
    }

    private static Ecu ecu(
            String serial, String hw, @Nullable String image, @Nullable String version, @Nullable Long counter) {
        return new Ecu(serial, hw, false, image, version, counter, null, AT, null);
    }

    private static Vehicle vehicle(@Nullable Instant manifestAt, Ecu... ecus) {
        return new Vehicle(
                "WVWZZZ1JZXW000001",
                "ID.4",
                2024,
                "EU",
                "DE",
                List.of(),
                "UTC",
                null,
                null,
                AT,
                manifestAt,
                true,
                List.of(ecus));
    }

    private static UpdateBundle brakeBundle(UpdateBundle.Dependency... requires) {
        return new UpdateBundle(
                List.of(new UpdateBundle.Image("brake-hw", "brake", "2.4.1", List.of(requires))), "R79-1");
    }

    @Test
    void vehicleOnAnOlderReleaseGetsOneTargetForItsMatchingEcu() {
        Compatibility result = CompatibilityCheck.check(
                vehicle(AT, ecu("BRK-1", "brake-hw", "brake", "2.4.0", 41L)),
                brakeBundle(),
                Map.of("brake-hw", BRAKE_42));

        assertThat(result).isInstanceOf(Compatibility.Compatible.class);
        var compatible = (Compatibility.Compatible) result;
        assertThat(compatible.targets()).singleElement().satisfies(t -> {
            assertThat(t.ecuSerial()).isEqualTo("BRK-1");
            assertThat(t.releaseCounter()).isEqualTo(42);
        });
        assertThat(compatible.evidence()).isEqualTo("compatible: BRK-1 (brake-hw) -> brake 2.4.1 r42");
    }

    @Test
    void vehicleWithoutASignedManifestIsNotAssigned() {
        Compatibility result = CompatibilityCheck.check(
                vehicle(null, ecu("BRK-1", "brake-hw", null, null, null)), brakeBundle(), Map.of("brake-hw", BRAKE_42));

        assertThat(result.evidence()).isEqualTo("no signed manifest reported yet");
    }

    @Test
    void ecuRunningANewerReleaseIsRefusedBecauseThatWouldBeARollback() {
        Compatibility result = CompatibilityCheck.check(
                vehicle(AT, ecu("BRK-1", "brake-hw", "brake", "3.0.0", 50L)),
                brakeBundle(),
                Map.of("brake-hw", BRAKE_42));

        assertThat(result).isInstanceOf(Compatibility.Incompatible.class);
        assertThat(result.evidence()).isEqualTo("ECU BRK-1 runs release 50, newer than 42 of brake 2.4.1");
    }

    @Test
    void unmetDependencyOnAnotherEcuIsRefusedNamingIt() {
        Compatibility result = CompatibilityCheck.check(
                vehicle(
                        AT,
                        ecu("BRK-1", "brake-hw", "brake", "2.4.0", 41L),
                        ecu("ABS-1", "abs-hw", "abs", "6.0.0", 6L)),
                brakeBundle(new UpdateBundle.Dependency("abs-hw", 7)),
                Map.of("brake-hw", BRAKE_42));

        assertThat(result.evidence()).isEqualTo("brake-hw needs abs-hw at release >= 7, vehicle would have 6");
    }

    @Test
    void dependencyMetByTheBundleItselfIsAccepted() {
        UpdateBundle bundle = new UpdateBundle(
                List.of(
                        new UpdateBundle.Image(
                                "brake-hw", "brake", "2.4.1", List.of(new UpdateBundle.Dependency("abs-hw", 7))),
                        new UpdateBundle.Image("abs-hw", "abs", "7.0.0", List.of())),
                "R79-2");

        Compatibility result = CompatibilityCheck.check(
                vehicle(
                        AT,
                        ecu("BRK-1", "brake-hw", "brake", "2.4.0", 41L),
                        ecu("ABS-1", "abs-hw", "abs", "6.0.0", 6L)),
                bundle,
                Map.of("brake-hw", BRAKE_42, "abs-hw", ABS_7));

        assertThat(result).isInstanceOf(Compatibility.Compatible.class);
        assertThat(((Compatibility.Compatible) result).targets()).hasSize(2);
    }

    @Test
    void vehicleAlreadyRunningTheImageIsRecognisedAndNotAssignedAgain() {
        Compatibility result = CompatibilityCheck.check(
                vehicle(AT, ecu("BRK-1", "brake-hw", "brake", "2.4.1", 42L)),
                brakeBundle(),
                Map.of("brake-hw", BRAKE_42));

        assertThat(result).isInstanceOf(Compatibility.AlreadyInstalled.class);
    }

    @Test
    void revokedImageIsNeverAssigned() {
        SignedImage revoked = new SignedImage("brake", "2.4.1", List.of("brake-hw"), 42, 10, Map.of(), "p", true);

        Compatibility result = CompatibilityCheck.check(
                vehicle(AT, ecu("BRK-1", "brake-hw", "brake", "2.4.0", 41L)),
                brakeBundle(),
                Map.of("brake-hw", revoked));

        assertThat(result.evidence()).isEqualTo("brake 2.4.1 is not a current signed image");
    }

    @Test
    void vehicleWithoutAnyAddressedEcuIsIncompatible() {
        Compatibility result = CompatibilityCheck.check(
                vehicle(AT, ecu("GW-1", "gateway", "gw", "1", 1L)), brakeBundle(), Map.of("brake-hw", BRAKE_42));

        assertThat(result.evidence()).isEqualTo("no ECU with a hardware id the bundle addresses");
    }
}
