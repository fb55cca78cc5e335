package dev.ota.uptane.delta;

/** A delta was refused; the message starts with the reason and, where it is one, the Uptane attack. */
public final class DeltaRefusedException extends RuntimeException {

    private final DeltaRefusal reason;

    public DeltaRefusedException(DeltaRefusal reason, String message) {
        super((reason.attack() == null ? reason.name() : reason.name() + " (" + reason.attack() + ")") + ": "
                + message);
        this.reason = reason;
    }

    public DeltaRefusal reason() {
        return reason;
    }
}
