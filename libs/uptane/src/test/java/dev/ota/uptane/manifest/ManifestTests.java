package dev.ota.uptane.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestTests {

    private final Signer primary = Signers.generate(Scheme.ED25519);
    private final Signer secondary = Signers.generate(Scheme.ECDSA_SHA2_NISTP256);

    private String signedManifest(String nonce) {
        var ecm = Manifests.signReport(report("ECM-001", nonce), primary);
        var tcu = Manifests.signReport(report("TCU-001", nonce + "-tcu"), secondary);
        var manifest = new VehicleVersionManifest(
                "WVWZZZ1JZXW000001",
                "ECM-001",
                Instant.parse("2026-06-01T10:00:00Z"),
                Map.of("ECM-001", ecm, "TCU-001", tcu));
        return Manifests.signManifest(manifest, primary).toJson();
    }

    private static EcuVersionReport report(String serial, String nonce) {
        return new EcuVersionReport(
                serial,
                serial.substring(0, 3).toLowerCase() + "-hw",
                "engine/ecm-1.0.bin",
                7,
                Map.of("sha256", "ab".repeat(32)),
                3,
                List.of(),
                nonce,
                Instant.parse("2026-06-01T10:00:00Z"));
    }

    @Test
    void parsesWhatWasSignedAndVerifiesEverySignature() {
        var parsed = Manifests.parse(signedManifest("n-1"));

        assertThat(parsed.body().vin()).isEqualTo("WVWZZZ1JZXW000001");
        assertThat(parsed.body().ecuReports().get("TCU-001").body().releaseCounter())
                .isEqualTo(3);
        assertThat(Manifests.verify(
                        parsed,
                        primary.publicKey(),
                        Map.of("ECM-001", primary.publicKey(), "TCU-001", secondary.publicKey()),
                        nonce -> false))
                .isEmpty();
    }

    @Test
    void detectsATamperedReportAReplayedNonceAndAWrongPrimaryKey() {
        String json = signedManifest("n-2").replace("\"release_counter\":3", "\"release_counter\":9");
        var parsed = Manifests.parse(json);

        var problems = Manifests.verify(
                parsed,
                secondary.publicKey(),
                Map.of("ECM-001", primary.publicKey(), "TCU-001", secondary.publicKey()),
                nonce -> nonce.equals("n-2"));

        assertThat(problems)
                .anyMatch(p -> p.contains("not signed by the primary"))
                .anyMatch(p -> p.contains("ECU ECM-001 is not signed"))
                .anyMatch(p -> p.contains("replayed"));
    }

    @Test
    void roundTripsByteForByte() {
        String json = signedManifest("n-3");

        assertThat(Manifests.parse(json).toJson()).isEqualTo(json);
    }
}
