package dev.ota.campaign.targeting;

/** A selector names a segment that does not exist. */
public class UnknownSegmentException extends IllegalArgumentException {

    public UnknownSegmentException(String name) {
        super("no fleet segment named '" + name + "'");
    }
}
