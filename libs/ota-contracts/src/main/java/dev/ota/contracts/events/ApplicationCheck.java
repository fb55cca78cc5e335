package dev.ota.contracts.events;

import dev.ota.contracts.MalformedEventException;
import org.jspecify.annotations.Nullable;

/**
 * One application's health as an ECU reports it after an update (navigation, driver assistance, telematics...).
 *
 * @param name the application, of the safe charset of {@link ApplicationNames}
 * @param status how it is doing
 * @param detail what the vehicle says about it, at most {@value #MAX_DETAIL_LENGTH} characters without control
 *     characters; optional
 */
public record ApplicationCheck(
        String name, ApplicationStatus status, @Nullable String detail) {

    public static final int MAX_DETAIL_LENGTH = 256;

    public ApplicationCheck {
        ApplicationNames.check(name, "application name");
        Require.present(status, "application status");
        if (detail != null) {
            if (detail.length() > MAX_DETAIL_LENGTH) {
                throw new MalformedEventException("detail of application " + name + " has " + detail.length()
                        + " characters, more than the limit of " + MAX_DETAIL_LENGTH);
            }
            if (detail.chars().anyMatch(Character::isISOControl)) {
                throw new MalformedEventException("detail of application " + name + " contains control characters");
            }
        }
    }
}
