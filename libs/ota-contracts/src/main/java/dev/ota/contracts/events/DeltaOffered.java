package dev.ota.contracts.events;

/**
 * The director offered one ECU a delta instead of its full image: what the vehicle would download through it and
 * what the full image costs. What campaign-service counts as bytes saved per campaign.
 *
 * @param deltaPath the delta's target path in the image repository
 * @param deltaLength the delta's signed length
 * @param fullLength the full image's signed length
 */
public record DeltaOffered(String ecuSerial, String deltaPath, long deltaLength, long fullLength) {

    public DeltaOffered {
        Require.text(ecuSerial, "deltaOffered.ecuSerial");
        Require.text(deltaPath, "deltaOffered.deltaPath");
        Require.nonNegative(deltaLength, "deltaOffered.deltaLength");
        Require.nonNegative(fullLength, "deltaOffered.fullLength");
    }
}
