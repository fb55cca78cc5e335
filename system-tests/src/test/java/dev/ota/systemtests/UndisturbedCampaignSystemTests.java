package dev.ota.systemtests;

import org.junit.jupiter.api.Test;

/**
 * The control for the fault tests: the same staged campaign with no fault. {@link PlatformInvariants} hold, and its
 * duration is what the faulted campaigns are compared with.
 */
class UndisturbedCampaignSystemTests {

    @Test
    void campaignCompletesWithEveryInvariantWhenNothingFails() {
        FaultedCampaign.runUndisturbed("undisturbed");
    }
}
