package dev.ota.uptane.client;

/** Verification stopped because of a named attack; never install anything the failed verification covered. */
public final class AttackDetectedException extends RuntimeException {

    private final Attack attack;

    public AttackDetectedException(Attack attack, String message) {
        super(attack + ": " + message);
        this.attack = attack;
    }

    public Attack attack() {
        return attack;
    }
}
