package dev.ota.health.verdict;

/** Where an assignment stands, as far as the counters are concerned. */
public enum Standing {
    IN_FLIGHT,
    SOAKING,
    HEALTHY,
    UNHEALTHY,
    TIMED_OUT,
    REJECTED;

    boolean isFinal() {
        return this != IN_FLIGHT && this != SOAKING;
    }

    boolean isFailure() {
        return this == UNHEALTHY || this == TIMED_OUT;
    }
}
