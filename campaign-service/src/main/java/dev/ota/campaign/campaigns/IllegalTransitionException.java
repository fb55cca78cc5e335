package dev.ota.campaign.campaigns;

/** The action is not allowed in the campaign's current state. */
public class IllegalTransitionException extends IllegalStateException {

    private final CampaignState state;
    private final CampaignAction action;

    public IllegalTransitionException(CampaignState state, CampaignAction action) {
        super("cannot " + action.name().toLowerCase().replace('_', ' ') + " a campaign that is " + state);
        this.state = state;
        this.action = action;
    }

    public CampaignState state() {
        return state;
    }

    public CampaignAction action() {
        return action;
    }
}
