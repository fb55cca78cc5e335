package dev.ota.rollback.fleet;

import org.jspecify.annotations.Nullable;

/**
 * What is known about an image as a rollback target.
 *
 * @param image its metadata, or null when the service never saw it signed or assigned
 * @param healthyVehicles distinct vehicles that ran it and reported healthy
 * @param validatedBy who validated it explicitly, or null
 */
public record ImageEvidence(
        @Nullable KnownImage image,
        long healthyVehicles,
        @Nullable String validatedBy) {}
