package dev.ota.health.outcome;

/** The states of an assignment, in the order a vehicle goes through them; the last five are final. */
enum OutcomeState {
    ASSIGNED(0),
    DOWNLOADING(1),
    INSTALLED(2),
    REBOOTED(3),
    HEALTHY(4),
    UNHEALTHY(4),
    REJECTED(4),
    TIMED_OUT(4),
    /** Withdrawn before the vehicle installed it: counts nowhere. */
    CANCELLED(4);

    private final int rank;

    OutcomeState(int rank) {
        this.rank = rank;
    }

    boolean isFinal() {
        return rank == 4;
    }

    boolean isBefore(OutcomeState other) {
        return rank < other.rank;
    }
}
