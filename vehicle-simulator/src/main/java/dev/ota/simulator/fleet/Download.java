package dev.ota.simulator.fleet;

import org.jspecify.annotations.Nullable;

/**
 * How one image reached its ECU.
 *
 * @param bytes bytes downloaded for it (the delta's, or the full image's)
 * @param imageLength the full image's signed length
 * @param deltaPath the delta target used, null when the full image was downloaded
 * @param deltaRefused why a delta that was found was refused (then the full image was downloaded), else null
 */
public record Download(
        long bytes,
        long imageLength,
        @Nullable String deltaPath,
        @Nullable String deltaRefused) {

    /** A line for the progress report: what was downloaded, and a refused delta with its reason. */
    String describe(String ecuSerial) {
        String how = deltaPath != null
                ? "delta " + bytes + " of " + imageLength + " bytes"
                : "full image " + bytes + " bytes";
        return ecuSerial + ": " + how + (deltaRefused == null ? "" : " (delta refused: " + deltaRefused + ")");
    }
}
