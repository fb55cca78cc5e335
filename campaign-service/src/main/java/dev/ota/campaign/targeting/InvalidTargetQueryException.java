package dev.ota.campaign.targeting;

/** A targeting query that does not parse or names an unknown field; the message says where and why. */
public class InvalidTargetQueryException extends IllegalArgumentException {

    public InvalidTargetQueryException(String message) {
        super(message);
    }
}
