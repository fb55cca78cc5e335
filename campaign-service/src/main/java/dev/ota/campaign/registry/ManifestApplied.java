package dev.ota.campaign.registry;

import java.time.Instant;

/**
 * A vehicle's signed manifest was applied to the registry (it was newer than the last one): what it says each ECU runs
 * is now what {@link VehicleRegistry#find} returns. Published inside the transaction that applied it.
 *
 * @param reportedAt when the vehicle reported it
 */
public record ManifestApplied(String vin, Instant reportedAt) {}
