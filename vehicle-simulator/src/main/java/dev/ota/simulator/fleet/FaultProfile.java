package dev.ota.simulator.fleet;

/**
 * How vehicles misbehave with one image version. Each field is a probability per install (0 to 1).
 *
 * @param bootFailure the new slot does not boot; the ECU reverts to the old one (A/B)
 * @param appCrash it boots, but the application does not start
 * @param dtcStorm diagnostic trouble codes pour out after the update
 * @param corruptDownload the image arrives damaged (length or hash check fails)
 * @param slowDownload the download crawls
 * @param offlineMidUpdate the vehicle drops off the network during the install and comes back later
 * @param neverReports the vehicle installs and is never heard of again for this update
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
        Double corruptDelta,
        Double wrongBase) {

    public static final FaultProfile NONE = new FaultProfile(0, 0, 0, 0, 0, 0, 0, 0.0, 0.0);

    public FaultProfile {
        // absent in profiles written before deltas existed (the demo's, older scripts): no delta faults
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
            corruptDelta,
            wrongBase
        }) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("fault rates are probabilities within 0..1");
            }
        }
    }
}
