package dev.ota.simulator.fleet;

/** What goes wrong with a delta on its way into an ECU (fault profiles {@code corruptDelta}, {@code wrongBase}). */
public enum DeltaFault {
    NONE,
    /** The delta's bytes arrive damaged (same length): its signed hashes do not match. */
    CORRUPT_DELTA,
    /** The ECU's installed image is not the one it reports (a flash bit flipped): not the delta's base. */
    WRONG_BASE
}
