package dev.ota.campaign.campaigns;

/** The person approving a campaign is the person who created it. */
public class FourEyesViolationException extends RuntimeException {

    public FourEyesViolationException(String person) {
        super(person + " created this campaign and cannot approve it: a second person must approve (four-eyes)");
    }
}
