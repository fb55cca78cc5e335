package dev.ota.uptane.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
import dev.ota.uptane.manifest.ManifestVerdict.Refused;
import dev.ota.uptane.manifest.ManifestVerdict.Verified;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per rule of {@link ManifestVerifier}; each fails when its rule is taken out. */
class ManifestTests {

    private static final String VIN = "WVWZZZ1JZXW000001";
    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

    private final Signer primary = Signers.generate(Scheme.ED25519);
    private final Signer secondary = Signers.generate(Scheme.ECDSA_SHA2_NISTP256);
    private final ManifestVerifier verifier =
            new ManifestVerifier(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(7), Duration.ofMinutes(5));

    private List<RegisteredEcu> inventory() {
        return List.of(
                new RegisteredEcu("ECM-001", "ecm-hw", true, primary.publicKey()),
                new RegisteredEcu("TCU-001", "tcu-hw", false, secondary.publicKey()));
    }

    private static EcuVersionReport report(String serial, String hardwareId, String nonce, Instant time) {
        return new EcuVersionReport(
                serial,
                hardwareId,
                "engine/ecm-1.0.bin",
                7,
                Map.of("sha256", "ab".repeat(32)),
                3,
                List.of(),
                nonce,
                time);
    }

    private String manifest(Map<String, EcuVersionReport> reports, Map<String, Signer> reportSigners, Instant time) {
        var signed = new LinkedHashMap<String, dev.ota.uptane.metadata.SignedDocument<EcuVersionReport>>();
        reports.forEach(
                (serial, report) -> signed.put(serial, Manifests.signReport(report, reportSigners.get(serial))));
        var manifest =
                new VehicleVersionManifest(VIN, "ECM-001", time, signed, VehicleVersionManifest.locatedAt(48.1, 11.5));
        return Manifests.signManifest(manifest, primary).toJson();
    }

    private String honest(String nonce) {
        return manifest(
                Map.of(
                        "ECM-001", report("ECM-001", "ecm-hw", nonce, NOW),
                        "TCU-001", report("TCU-001", "tcu-hw", nonce + "-tcu", NOW)),
                Map.of("ECM-001", primary, "TCU-001", secondary),
                NOW);
    }

    private Refused refused(String json) {
        return refused(json, inventory());
    }

    private Refused refused(String json, List<RegisteredEcu> inventory) {
        ManifestVerdict verdict = verifier.verify(VIN, json, inventory);
        assertThat(verdict).isInstanceOf(Refused.class);
        return (Refused) verdict;
    }

    @Test
    void anHonestManifestVerifiesWithEveryRegisteredKeyAndKeepsItsContent() {
        ManifestVerdict verdict = verifier.verify(VIN, honest("n-1"), inventory());

        assertThat(verdict).isInstanceOf(Verified.class);
        var body = ((Verified) verdict).manifest().body();
        assertThat(body.ecuReports().get("TCU-001").body().releaseCounter()).isEqualTo(3);
        assertThat(body.location()).contains(new VehicleVersionManifest.Location(48.1, 11.5));
    }

    @Test
    void aManifestOfAnUnregisteredVehicleIsRefused() {
        assertThat(refused(honest("n"), List.of()).reason()).isEqualTo(ManifestRefusal.UNREGISTERED_VEHICLE);
    }

    @Test
    void aManifestSentOnAnotherVehiclesConnectionIsRefused() {
        ManifestVerdict verdict = verifier.verify("WVWZZZ1JZXW000002", honest("n"), inventory());

        assertThat(((Refused) verdict).reason()).isEqualTo(ManifestRefusal.VIN_MISMATCH);
    }

    @Test
    void aManifestNamingAnotherPrimaryIsRefused() {
        var swapped = List.of(
                new RegisteredEcu("ECM-001", "ecm-hw", false, primary.publicKey()),
                new RegisteredEcu("TCU-001", "tcu-hw", true, secondary.publicKey()));

        assertThat(refused(honest("n"), swapped).reason()).isEqualTo(ManifestRefusal.PRIMARY_MISMATCH);
    }

    @Test
    void aManifestNotSignedByTheRegisteredPrimaryKeyIsRefused() {
        var otherPrimaryKey = List.of(
                new RegisteredEcu(
                        "ECM-001",
                        "ecm-hw",
                        true,
                        Signers.generate(Scheme.ED25519).publicKey()),
                new RegisteredEcu("TCU-001", "tcu-hw", false, secondary.publicKey()));

        Refused refused = refused(honest("n"), otherPrimaryKey);

        assertThat(refused.reason()).isEqualTo(ManifestRefusal.PRIMARY_SIGNATURE);
    }

    @Test
    void aReportSignedByAKeyThatIsNotTheEcusRegisteredKeyIsRefused() {
        String json = manifest(
                Map.of(
                        "ECM-001", report("ECM-001", "ecm-hw", "a", NOW),
                        "TCU-001", report("TCU-001", "tcu-hw", "b", NOW)),
                Map.of("ECM-001", primary, "TCU-001", Signers.generate(Scheme.ECDSA_SHA2_NISTP256)),
                NOW);

        Refused refused = refused(json);

        assertThat(refused.reason()).isEqualTo(ManifestRefusal.ECU_SIGNATURE);
        assertThat(refused.detail()).contains("TCU-001");
    }

    @Test
    void aReportChangedAfterTheEcuSignedItIsRefused() {
        String json = honest("n").replace("\"release_counter\":3", "\"release_counter\":9");

        assertThat(refused(json).reason()).isIn(ManifestRefusal.ECU_SIGNATURE, ManifestRefusal.PRIMARY_SIGNATURE);
    }

    @Test
    void aReportOfAnEcuTheVehicleWasNotProvisionedWithIsRefused() {
        Signer added = Signers.generate(Scheme.ED25519);
        String json = manifest(
                Map.of(
                        "ECM-001", report("ECM-001", "ecm-hw", "a", NOW),
                        "TCU-001", report("TCU-001", "tcu-hw", "b", NOW),
                        "BRK-666", report("BRK-666", "brake-hw", "c", NOW)),
                Map.of("ECM-001", primary, "TCU-001", secondary, "BRK-666", added),
                NOW);

        Refused refused = refused(json);

        assertThat(refused.reason()).isEqualTo(ManifestRefusal.UNKNOWN_ECU);
        assertThat(refused.detail()).contains("BRK-666");
    }

    @Test
    void anEcuRegisteredWithoutAKeyIsNotBelieved() {
        var keyless = List.of(
                new RegisteredEcu("ECM-001", "ecm-hw", true, primary.publicKey()),
                new RegisteredEcu("TCU-001", "tcu-hw", false, null));

        assertThat(refused(honest("n"), keyless).reason()).isEqualTo(ManifestRefusal.NO_REGISTERED_KEY);
    }

    @Test
    void aReportFiledUnderAnotherEcusSerialIsRefused() {
        String json = manifest(
                Map.of(
                        "ECM-001", report("ECM-001", "ecm-hw", "a", NOW),
                        "TCU-001", report("ECM-001", "tcu-hw", "b", NOW)),
                Map.of("ECM-001", primary, "TCU-001", secondary),
                NOW);

        assertThat(refused(json).reason()).isEqualTo(ManifestRefusal.REPORT_MISFILED);
    }

    @Test
    void aReportClaimingAnotherHardwareIdIsRefused() {
        String json = manifest(
                Map.of(
                        "ECM-001", report("ECM-001", "ecm-hw", "a", NOW),
                        "TCU-001", report("TCU-001", "brake-hw", "b", NOW)),
                Map.of("ECM-001", primary, "TCU-001", secondary),
                NOW);

        assertThat(refused(json).reason()).isEqualTo(ManifestRefusal.HARDWARE_ID_MISMATCH);
    }

    @Test
    void twoReportsWithOneNonceAreRefused() {
        String json = manifest(
                Map.of(
                        "ECM-001", report("ECM-001", "ecm-hw", "same", NOW),
                        "TCU-001", report("TCU-001", "tcu-hw", "same", NOW)),
                Map.of("ECM-001", primary, "TCU-001", secondary),
                NOW);

        assertThat(refused(json).reason()).isEqualTo(ManifestRefusal.NONCE_REPLAYED);
    }

    @Test
    void aManifestOrReportSignedLongerAgoThanTheToleranceIsRefused() {
        Instant old = NOW.minus(Duration.ofDays(8));
        String oldManifest =
                manifest(Map.of("ECM-001", report("ECM-001", "ecm-hw", "a", NOW)), Map.of("ECM-001", primary), old);
        String oldReport =
                manifest(Map.of("ECM-001", report("ECM-001", "ecm-hw", "a", old)), Map.of("ECM-001", primary), NOW);

        assertThat(refused(oldManifest).reason()).isEqualTo(ManifestRefusal.TOO_OLD);
        assertThat(refused(oldReport).reason()).isEqualTo(ManifestRefusal.TOO_OLD);
    }

    @Test
    void aManifestFromAClockAheadBeyondTheToleranceIsRefused() {
        Instant ahead = NOW.plus(Duration.ofMinutes(6));
        String json =
                manifest(Map.of("ECM-001", report("ECM-001", "ecm-hw", "a", NOW)), Map.of("ECM-001", primary), ahead);

        assertThat(refused(json).reason()).isEqualTo(ManifestRefusal.FROM_THE_FUTURE);
    }

    @Test
    void somethingThatIsNotAManifestIsRefusedAsMalformed() {
        assertThat(refused("{\"signed\":{}}").reason()).isEqualTo(ManifestRefusal.MALFORMED);
    }

    @Test
    void roundTripsByteForByte() {
        String json = honest("n-3");

        assertThat(Manifests.parse(json).toJson()).isEqualTo(json);
    }
}
