package dev.ota.uptane.manifest;

import dev.ota.uptane.metadata.SignedDocument;

/** What {@link ManifestVerifier} concluded about one vehicle version manifest. */
public sealed interface ManifestVerdict {

    /** Every signature checked with a registered key, every report filed and timed right: the content can be used. */
    record Verified(SignedDocument<VehicleVersionManifest> manifest) implements ManifestVerdict {}

    /** Not believed, for the named reason; {@code detail} says which ECU, key or time. */
    record Refused(ManifestRefusal reason, String detail) implements ManifestVerdict {

        /** The reason and detail in one line, as dead letters and the audit log carry it. */
        public String describe() {
            return reason + ": " + detail;
        }
    }
}
