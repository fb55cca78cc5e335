package dev.ota.contracts.events;

/** The driver's answer to a consent request; TIMED_OUT when nobody answered in time. */
public enum ConsentDecision {
    ACCEPTED,
    DECLINED,
    TIMED_OUT
}
