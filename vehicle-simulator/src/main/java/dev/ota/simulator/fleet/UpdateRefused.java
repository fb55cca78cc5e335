package dev.ota.simulator.fleet;

import org.jspecify.annotations.Nullable;

/**
 * The vehicle will not install an update. {@code attack} names the attack it detected (Uptane threat model names,
 * e.g. {@code ROLLBACK}), or is null when the update is merely unusable (e.g. damaged in transit).
 */
public final class UpdateRefused extends Exception {

    private final @Nullable String attack;

    public UpdateRefused(@Nullable String attack, String reason) {
        super(reason);
        this.attack = attack;
    }

    public @Nullable String attack() {
        return attack;
    }

    /** The reason as it goes into the progress report: the attack's name first, if any. */
    public String report() {
        return attack == null ? String.valueOf(getMessage()) : "attack detected: " + attack + ": " + getMessage();
    }
}
