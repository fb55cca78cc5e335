package dev.ota.uptane.manifest;

import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.metadata.SignedDocument;

/**
 * Signs, parses and verifies vehicle version manifests (Uptane Standard 2.0, sections 5.4.2.1 and, on the director
 * side, 5.3.2.2 / 5.3.3.3).
 */
public final class Manifests {

    private Manifests() {}

    public static SignedDocument<EcuVersionReport> signReport(EcuVersionReport report, Signer ecuKey) {
        return SignedDocument.sign(report, ecuKey);
    }

    public static SignedDocument<VehicleVersionManifest> signManifest(
            VehicleVersionManifest manifest, Signer primaryKey) {
        return SignedDocument.sign(manifest, primaryKey);
    }

    /** Parses without verifying: read-only uses (dashboards). Use {@link ManifestVerifier} before trusting the content. */
    public static SignedDocument<VehicleVersionManifest> parse(String json) {
        return SignedDocument.parse(json, VehicleVersionManifest::fromJson);
    }

    public static SignedDocument<VehicleVersionManifest> parse(byte[] json) {
        return SignedDocument.parse(json, VehicleVersionManifest::fromJson);
    }
}
