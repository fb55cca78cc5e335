package dev.ota.contracts.events;

/** The outcome of a stage verdict. */
public enum VerdictOutcome {
    PASS,
    FAIL,
    INSUFFICIENT_DATA
}
