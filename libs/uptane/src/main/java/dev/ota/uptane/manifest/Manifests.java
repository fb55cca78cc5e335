package dev.ota.uptane.manifest;

import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.TufKey;
import dev.ota.uptane.metadata.SignedDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** Parses without verifying: read-only uses (dashboards). Use {@link #verify} before trusting the content. */
    public static SignedDocument<VehicleVersionManifest> parse(String json) {
        return SignedDocument.parse(json, VehicleVersionManifest::fromJson);
    }

    public static SignedDocument<VehicleVersionManifest> parse(byte[] json) {
        return SignedDocument.parse(json, VehicleVersionManifest::fromJson);
    }

    /**
     * Verifies a manifest as the director must (Uptane 2.0 section 5.3.2.2 / 5.4.2.1): the Primary's signature, each
     * ECU report's signature by that ECU's registered key, the report's serial matching its slot, and the nonce not
     * seen before.
     *
     * @param ecuKeys registered ECU serial to public key (the inventory)
     * @param nonceAlreadySeen predicate telling whether a nonce was used before (replay of an old report)
     * @return the problems found; empty means the manifest can be trusted
     */
    public static List<String> verify(
            SignedDocument<VehicleVersionManifest> manifest,
            TufKey primaryKey,
            Map<String, TufKey> ecuKeys,
            java.util.function.Predicate<String> nonceAlreadySeen) {
        var problems = new ArrayList<String>();
        if (!manifest.isSignedBy(primaryKey)) {
            problems.add("manifest is not signed by the primary's key");
        }
        manifest.body().ecuReports().forEach((serial, report) -> {
            TufKey key = ecuKeys.get(serial);
            if (key == null) {
                problems.add("unknown ECU " + serial);
            } else if (!report.isSignedBy(key)) {
                problems.add("version report of ECU " + serial + " is not signed by that ECU's key");
            }
            if (!serial.equals(report.body().ecuSerial())) {
                problems.add("report filed under " + serial + " is for ECU "
                        + report.body().ecuSerial());
            }
            if (nonceAlreadySeen.test(report.body().nonce())) {
                problems.add("nonce of ECU " + serial + " was used before (replayed report)");
            }
        });
        return problems;
    }
}
