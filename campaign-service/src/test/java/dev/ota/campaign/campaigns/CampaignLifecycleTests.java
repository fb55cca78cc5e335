package dev.ota.campaign.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CampaignLifecycleTests {

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @CsvSource({
        "DRAFT, SUBMIT, PENDING_APPROVAL",
        "PENDING_APPROVAL, APPROVE, APPROVED",
        "PENDING_APPROVAL, REJECT, DRAFT",
        "APPROVED, SCHEDULE, SCHEDULED",
        "APPROVED, START, RUNNING",
        "SCHEDULED, START, RUNNING",
        "RUNNING, PAUSE, PAUSED",
        "PAUSED, RESUME, RUNNING",
        "RUNNING, ADVANCE, RUNNING",
        "RUNNING, COMPLETE, COMPLETED",
        "RUNNING, ABORT, ABORTED",
        "PAUSED, ABORT, ABORTED",
        "RUNNING, ROLL_BACK, ROLLED_BACK",
        "PAUSED, ROLL_BACK, ROLLED_BACK",
        "DRAFT, ABORT, ABORTED",
        "PENDING_APPROVAL, ABORT, ABORTED",
        "APPROVED, ABORT, ABORTED",
        "SCHEDULED, ABORT, ABORTED"
    })
    void allowedTransitionLeadsToItsState(CampaignState from, CampaignAction action, CampaignState to) {
        assertThat(CampaignLifecycle.next(from, action)).isEqualTo(to);
    }

    @ParameterizedTest
    @EnumSource(
            value = CampaignState.class,
            names = {"COMPLETED", "ABORTED", "ROLLED_BACK"})
    void finalStatesAllowNothing(CampaignState state) {
        for (CampaignAction action : CampaignAction.values()) {
            assertThat(CampaignLifecycle.allowed(state, action))
                    .as(action.name())
                    .isEmpty();
        }
    }

    @Test
    void campaignCannotStartWithoutApproval() {
        for (CampaignState state : EnumSet.of(CampaignState.DRAFT, CampaignState.PENDING_APPROVAL)) {
            assertThatThrownBy(() -> CampaignLifecycle.next(state, CampaignAction.START))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage("cannot start a campaign that is " + state);
        }
    }

    @Test
    void onlyRunningCampaignsPauseAndOnlyPausedOnesResume() {
        Set<CampaignState> pausable = EnumSet.noneOf(CampaignState.class);
        Set<CampaignState> resumable = EnumSet.noneOf(CampaignState.class);
        for (CampaignState state : CampaignState.values()) {
            CampaignLifecycle.allowed(state, CampaignAction.PAUSE).ifPresent(s -> pausable.add(state));
            CampaignLifecycle.allowed(state, CampaignAction.RESUME).ifPresent(s -> resumable.add(state));
        }
        assertThat(pausable).containsExactly(CampaignState.RUNNING);
        assertThat(resumable).containsExactly(CampaignState.PAUSED);
    }

    @Test
    void approvalIsOnlyPossibleWhilePending() {
        for (CampaignState state : CampaignState.values()) {
            assertThat(CampaignLifecycle.allowed(state, CampaignAction.APPROVE).isPresent())
                    .as(state.name())
                    .isEqualTo(state == CampaignState.PENDING_APPROVAL);
        }
    }
}
