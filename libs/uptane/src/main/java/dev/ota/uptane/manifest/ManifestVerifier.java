package dev.ota.uptane.manifest;

import dev.ota.uptane.crypto.TufKey;
import dev.ota.uptane.manifest.ManifestVerdict.Refused;
import dev.ota.uptane.manifest.ManifestVerdict.Verified;
import dev.ota.uptane.metadata.SignedDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Verifies a vehicle version manifest as the director must before anything believes it (Uptane Standard 2.0, sections
 * 5.4.2.1 and 5.3.2.2): the Primary's signature with the Primary's registered key, every ECU version report with that
 * ECU's registered key, each report filed under its own serial, with the hardware id the ECU was registered with, no
 * nonce used twice within the manifest, and the manifest and every report signed within the stated time tolerance.
 * An ECU that is not in the inventory makes the whole manifest fail: inventory is registered at provisioning, never
 * learned from what a vehicle says.
 *
 * <p>Whether a nonce was used in an earlier manifest needs the caller's persisted record of nonces (kept at least as
 * long as {@code maxAge}, after which the time check refuses an old report anyway).
 */
public final class ManifestVerifier {

    private final Clock clock;
    private final Duration maxAge;
    private final Duration maxClockSkew;

    /**
     * @param maxAge how long ago a manifest or report may have been signed
     * @param maxClockSkew how far ahead of this clock a vehicle's clock may be
     */
    public ManifestVerifier(Clock clock, Duration maxAge, Duration maxClockSkew) {
        this.clock = clock;
        this.maxAge = maxAge;
        this.maxClockSkew = maxClockSkew;
    }

    public Duration maxAge() {
        return maxAge;
    }

    /**
     * @param vin the VIN of the connection the manifest came in on
     * @param inventory the vehicle's registered ECUs; empty when the VIN is not registered
     */
    public ManifestVerdict verify(String vin, String json, List<RegisteredEcu> inventory) {
        SignedDocument<VehicleVersionManifest> manifest;
        try {
            manifest = Manifests.parse(json);
        } catch (RuntimeException malformed) {
            return new Refused(
                    ManifestRefusal.MALFORMED, "not a signed vehicle version manifest: " + malformed.getMessage());
        }
        return verify(vin, manifest, inventory);
    }

    public ManifestVerdict verify(
            String vin, SignedDocument<VehicleVersionManifest> manifest, List<RegisteredEcu> inventory) {
        Optional<RegisteredEcu> primary =
                inventory.stream().filter(RegisteredEcu::primary).findFirst();
        if (primary.isEmpty()) {
            return new Refused(
                    ManifestRefusal.UNREGISTERED_VEHICLE,
                    inventory.isEmpty()
                            ? "no vehicle " + vin + " is registered"
                            : vin + " has no registered primary ECU");
        }
        VehicleVersionManifest body = manifest.body();
        if (!vin.equals(body.vin())) {
            return new Refused(ManifestRefusal.VIN_MISMATCH, "manifest names VIN " + body.vin() + ", sent by " + vin);
        }
        if (!primary.get().serial().equals(body.primaryEcuSerial())) {
            return new Refused(
                    ManifestRefusal.PRIMARY_MISMATCH,
                    "manifest names primary ECU " + body.primaryEcuSerial() + ", registered primary is "
                            + primary.get().serial());
        }
        Refused untimely = untimely("manifest", body.time());
        if (untimely != null) {
            return untimely;
        }
        TufKey primaryKey = primary.get().key();
        if (primaryKey == null) {
            return new Refused(
                    ManifestRefusal.NO_REGISTERED_KEY,
                    "primary ECU " + primary.get().serial() + " has no registered key");
        }
        Map<String, RegisteredEcu> registered = new TreeMap<>();
        inventory.forEach(ecu -> registered.put(ecu.serial(), ecu));
        Set<String> nonces = new HashSet<>();
        Map<String, SignedDocument<EcuVersionReport>> reports = new TreeMap<>(body.ecuReports());
        for (var filed : reports.entrySet()) {
            Refused refused = checkReport(filed.getKey(), filed.getValue(), registered.get(filed.getKey()), nonces);
            if (refused != null) {
                return refused;
            }
        }
        if (!manifest.isSignedBy(primaryKey)) {
            return new Refused(
                    ManifestRefusal.PRIMARY_SIGNATURE,
                    "manifest is not signed by the registered key " + primaryKey.keyId() + " of primary ECU "
                            + primary.get().serial());
        }
        for (var filed : reports.entrySet()) {
            TufKey key = Objects.requireNonNull(registered.get(filed.getKey()), "checked above")
                    .key();
            if (key == null || !filed.getValue().isSignedBy(key)) {
                return new Refused(
                        ManifestRefusal.ECU_SIGNATURE,
                        "version report of ECU " + filed.getKey() + " is not signed by its registered key"
                                + (key == null ? "" : " " + key.keyId()));
            }
        }
        return new Verified(manifest);
    }

    /** The checks of one report that need no signature: filing, inventory, hardware id, key, time, nonce. */
    private @Nullable Refused checkReport(
            String serial, SignedDocument<EcuVersionReport> signed, @Nullable RegisteredEcu ecu, Set<String> nonces) {
        EcuVersionReport report = signed.body();
        if (ecu == null) {
            return new Refused(ManifestRefusal.UNKNOWN_ECU, "ECU " + serial + " is not registered for this vehicle");
        }
        if (!serial.equals(report.ecuSerial())) {
            return new Refused(
                    ManifestRefusal.REPORT_MISFILED,
                    "report filed under " + serial + " is about ECU " + report.ecuSerial());
        }
        if (!ecu.hardwareId().equals(report.hardwareId())) {
            return new Refused(
                    ManifestRefusal.HARDWARE_ID_MISMATCH,
                    "ECU " + serial + " reports hardware id " + report.hardwareId() + ", registered as "
                            + ecu.hardwareId());
        }
        if (ecu.key() == null) {
            return new Refused(ManifestRefusal.NO_REGISTERED_KEY, "ECU " + serial + " has no registered key");
        }
        Refused untimely = untimely("report of ECU " + serial, report.time());
        if (untimely != null) {
            return untimely;
        }
        if (!nonces.add(report.nonce())) {
            return new Refused(
                    ManifestRefusal.NONCE_REPLAYED, "nonce of ECU " + serial + " is used twice in one manifest");
        }
        return null;
    }

    private @Nullable Refused untimely(String what, Instant signedAt) {
        Instant now = clock.instant();
        if (signedAt.isAfter(now.plus(maxClockSkew))) {
            return new Refused(
                    ManifestRefusal.FROM_THE_FUTURE,
                    what + " is dated " + signedAt + ", more than " + maxClockSkew + " after " + now);
        }
        if (signedAt.isBefore(now.minus(maxAge))) {
            return new Refused(
                    ManifestRefusal.TOO_OLD,
                    what + " is dated " + signedAt + ", more than " + maxAge + " before " + now);
        }
        return null;
    }
}
