package dev.ota.uptane.delta;

import dev.ota.uptane.client.Attack;
import org.jspecify.annotations.Nullable;

/**
 * Why a vehicle refused a delta, and the Uptane attack it is where it is one. A refused delta never reaches a slot:
 * the vehicle downloads the full image instead.
 */
public enum DeltaRefusal {
    /** The delta, or what it decodes to, is longer than signed: endless data. */
    OVERSIZED(Attack.ENDLESS_DATA),
    /** The delta's bytes do not match its signed hashes. */
    TAMPERED(Attack.ARBITRARY_SOFTWARE),
    /** Fewer bytes arrived than the delta's signed length. */
    TRUNCATED(null),
    /** The installed image is not the base the delta was made from. */
    WRONG_BASE(null),
    /** The delta's signed description names another result than the release the director assigned. */
    NOT_FOR_THIS_RELEASE(Attack.MIX_AND_MATCH),
    /** The image repository's signed delta entry is not the one the director offered. */
    NOT_AS_OFFERED(Attack.MIX_AND_MATCH),
    /** The bytes do not decode as a delta. */
    CORRUPT(null),
    /** What the delta produced is not the release-signed image (length or hashes). */
    RESULT_MISMATCH(Attack.ARBITRARY_SOFTWARE),
    /** The delta target's signed description is missing or malformed, or in a format this vehicle cannot apply. */
    MALFORMED(null);

    private final @Nullable Attack attack;

    DeltaRefusal(@Nullable Attack attack) {
        this.attack = attack;
    }

    /** The Uptane attack this refusal stops, or null when it is not one (a fault, or a delta that does not fit). */
    public @Nullable Attack attack() {
        return attack;
    }
}
