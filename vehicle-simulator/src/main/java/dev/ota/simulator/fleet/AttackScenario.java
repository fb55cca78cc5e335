package dev.ota.simulator.fleet;

/**
 * What an attacker between the platform and a vehicle does to the update it receives. The vehicle must refuse,
 * keep its current version, and report the attack it saw.
 */
public enum AttackScenario {
    /** No tampering. */
    NONE,
    /** Replays the first director metadata the vehicle ever received instead of the current one (freeze/replay). */
    REPLAY_OLD_METADATA,
    /** Flips a character inside a signature of the director targets metadata. */
    BAD_SIGNATURE,
    /** Pads the director targets metadata far beyond any sane size (endless data). */
    OVERSIZED_METADATA,
    /** A compromised image server: the image bytes are swapped for others of the same length. */
    COMPROMISED_IMAGE_SERVER
}
