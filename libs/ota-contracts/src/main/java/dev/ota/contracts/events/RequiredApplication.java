package dev.ota.contracts.events;

import dev.ota.contracts.MalformedEventException;

/**
 * An application that must stay UP through a stage's soak on every ECU of one hardware id; a vehicle on which it is
 * DOWN in any beacon counts as failed.
 *
 * @param hardwareId the ECU hardware id that runs the application
 * @param name the application, of the safe charset of {@link ApplicationNames}
 */
public record RequiredApplication(String hardwareId, String name) {

    /** Hardware ids are stored and compared as given; this bounds them like the health service's columns. */
    public static final int MAX_HARDWARE_ID_LENGTH = 200;

    public RequiredApplication {
        Require.text(hardwareId, "requiredApplications.hardwareId");
        if (hardwareId.length() > MAX_HARDWARE_ID_LENGTH) {
            throw new MalformedEventException(
                    "requiredApplications.hardwareId must be at most " + MAX_HARDWARE_ID_LENGTH + " characters");
        }
        ApplicationNames.check(name, "requiredApplications.name");
    }
}
