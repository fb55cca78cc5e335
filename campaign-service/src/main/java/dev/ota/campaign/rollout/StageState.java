package dev.ota.campaign.rollout;

/**
 * Where a stage is: waiting its turn, handing out assignments, soaking (all handed out; it stays here until its
 * verdict passes, it has soaked and every vehicle's outcome is known), passed or failed; or passed and then withdrawn,
 * when a later verdict about it no longer passes (the campaign is paused with the reason).
 */
public enum StageState {
    WAITING,
    DISPATCHING,
    SOAKING,
    PASSED,
    FAILED,
    PASS_WITHDRAWN
}
