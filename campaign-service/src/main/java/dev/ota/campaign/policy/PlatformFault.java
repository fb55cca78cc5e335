package dev.ota.campaign.policy;

import java.util.List;
import java.util.Locale;

/**
 * Whether a vehicle's failure report names the platform, not the update, as its cause: the vehicle could not get what
 * the platform should have served (a repository it could not reach after its own retries, metadata or an image not
 * served, an answer that timed out). Vehicles mark such a report {@code platform unavailable: ...}; reports of older
 * vehicles say {@code repository unreachable: ...}. Such a vehicle never ran the update, so its failure says nothing
 * about the release: it is retried under the campaign's retry policy and never counted against the release.
 */
public final class PlatformFault {

    private static final List<String> MARKERS =
            List.of("platform unavailable", "repository unreachable", "could not be served");

    private PlatformFault() {}

    /** Whether the reason a vehicle gave names the platform as the cause. */
    public static boolean named(String reason) {
        String lower = reason.toLowerCase(Locale.ROOT);
        return MARKERS.stream().anyMatch(lower::contains);
    }
}
