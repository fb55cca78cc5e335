package dev.ota.uptane.client;

/**
 * The attacks on software updates that the verifier stops, with the names of the Uptane Standard 2.0 threat model
 * (section 4, "Threat model and attack strategies"). Each {@link AttackDetectedException} names one.
 */
public enum Attack {
    /** Installing older metadata or an image with a lower release counter than the trusted/installed one. */
    ROLLBACK,
    /** Serving the last good but stale (expired) metadata so the vehicle never learns of new updates. */
    FREEZE,
    /** Combining metadata or images that were never released together (inconsistent snapshot/targets versions). */
    MIX_AND_MATCH,
    /** Metadata or images not signed by the required threshold of trusted keys, or not matching them. */
    ARBITRARY_SOFTWARE,
    /** Serving more data than the metadata allows, to exhaust storage or bandwidth. */
    ENDLESS_DATA,
    /** Getting only part of an update bundle installed (some ECUs updated, others not). */
    PARTIAL_BUNDLE,
    /**
     * Slowing a download down, at worst to barely enough to avoid a timeout, so the update never completes (Uptane 2.0
     * section 4.3.2, "slow retrieval attack"; section 5.4 "All ECUs SHALL monitor the download speed").
     */
    SLOW_RETRIEVAL
}
