package dev.ota.simulator.fleet;

import dev.ota.contracts.events.ApplicationNames;
import org.jspecify.annotations.Nullable;

/**
 * How vehicles misbehave with one image version. Each rate is a probability per install (0 to 1).
 *
 * @param bootFailure the new slot does not boot; the ECU reverts to the old one (A/B)
 * @param appCrash it boots, but the application does not start
 * @param dtcStorm diagnostic trouble codes pour out after the update
 * @param corruptDownload the image arrives damaged (length or hash check fails)
 * @param slowDownload the download crawls
 * @param offlineMidUpdate the vehicle drops off the network during the install and comes back later
 * @param neverReports the vehicle installs and is never heard of again for this update
 * @param applicationDown (optional, 0 when absent) the named {@code application} stays DOWN after the update on this
 *     share of ECUs (in every beacon of the install); the others report it UP
 * @param application an application the image version runs, which every ECU running it reports in its beacons;
 *     required when {@code applicationDown} is above zero
 * @param corruptDelta (optional, 0 when absent) a delta arrives damaged: refused (its hashes), the full image is downloaded instead
 * @param wrongBase (optional, 0 when absent) the ECU's installed image is not the one it reports: the delta is refused as not fitting, the full
 *     image is downloaded instead
 */
public record FaultProfile(
        double bootFailure,
        double appCrash,
        double dtcStorm,
        double corruptDownload,
        double slowDownload,
        double offlineMidUpdate,
        double neverReports,
        Double applicationDown,
        @Nullable String application,
        Double corruptDelta,
        Double wrongBase) {

    public static final FaultProfile NONE = new FaultProfile(0, 0, 0, 0, 0, 0, 0);

    public FaultProfile {
        // absent in profiles written before these faults existed (the demo's, older scripts): none of them
        applicationDown = applicationDown == null ? 0.0 : applicationDown;
        corruptDelta = corruptDelta == null ? 0.0 : corruptDelta;
        wrongBase = wrongBase == null ? 0.0 : wrongBase;
        for (double rate : new double[] {
            bootFailure,
            appCrash,
            dtcStorm,
            corruptDownload,
            slowDownload,
            offlineMidUpdate,
            neverReports,
            applicationDown,
            corruptDelta,
            wrongBase
        }) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("fault rates are probabilities within 0..1");
            }
        }
        if (applicationDown > 0 && application == null) {
            throw new IllegalArgumentException("applicationDown needs the application it leaves DOWN");
        }
        if (application != null) {
            try {
                ApplicationNames.check(application, "application");
            } catch (RuntimeException invalid) {
                throw new IllegalArgumentException(invalid.getMessage(), invalid);
            }
        }
    }

    /** A profile without application faults. */
    public FaultProfile(
            double bootFailure,
            double appCrash,
            double dtcStorm,
            double corruptDownload,
            double slowDownload,
            double offlineMidUpdate,
            double neverReports) {
        this(
                bootFailure,
                appCrash,
                dtcStorm,
                corruptDownload,
                slowDownload,
                offlineMidUpdate,
                neverReports,
                0.0,
                null,
                0.0,
                0.0);
    }
}
