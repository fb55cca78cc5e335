package dev.ota.uptane.manifest;

/** Why a vehicle version manifest was not believed; the name is what is counted, dead-lettered and audited. */
public enum ManifestRefusal {
    /** Not a signed vehicle version manifest (unparseable, a field missing or of the wrong type). */
    MALFORMED,
    /** No vehicle with this VIN is registered, or it has no registered primary ECU. */
    UNREGISTERED_VEHICLE,
    /** The manifest names another VIN than the connection it came in on. */
    VIN_MISMATCH,
    /** The manifest names another primary ECU than the one registered for the vehicle. */
    PRIMARY_MISMATCH,
    /** The manifest is not signed by the registered primary ECU's key. */
    PRIMARY_SIGNATURE,
    /** A report is filed for an ECU serial the vehicle was not provisioned with (an added or swapped ECU). */
    UNKNOWN_ECU,
    /** An ECU was registered without a public key, so nothing it signs can be believed. */
    NO_REGISTERED_KEY,
    /** An ECU report is not signed by that ECU's registered key. */
    ECU_SIGNATURE,
    /** A report filed under one serial is about another ECU. */
    REPORT_MISFILED,
    /** A report claims another hardware id than the one registered for the ECU. */
    HARDWARE_ID_MISMATCH,
    /** An ECU report carries a nonce that ECU used before (a replayed report), or two reports share one. */
    NONCE_REPLAYED,
    /** The manifest or a report was signed further in the past than the stated tolerance. */
    TOO_OLD,
    /** The manifest or a report claims a time further in the future than the clock tolerance. */
    FROM_THE_FUTURE
}
