package dev.ota.campaign.rollout;

/** Where a stage is: waiting its turn, handing out assignments, soaking (all handed out), passed or failed. */
public enum StageState {
    WAITING,
    DISPATCHING,
    SOAKING,
    PASSED,
    FAILED
}
