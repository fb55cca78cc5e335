package dev.ota.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One ECU's version report as verified with that ECU's registered key: what it runs ({@code targetPath}, length,
 * hashes, release counter) and, when the image is in the platform's catalogue, its name and version.
 *
 * @param attacksDetected attacks the ECU reported having seen since its last report (Uptane 5.4.2.1.1)
 * @param reportedAt the ECU's own time in its signed report
 */
public record VerifiedEcu(
        String ecuSerial,
        String hardwareId,
        boolean primary,
        String targetPath,
        long length,
        Map<String, String> hashes,
        long releaseCounter,
        @Nullable String imageName,
        @Nullable String version,
        List<String> attacksDetected,
        Instant reportedAt) {

    public VerifiedEcu {
        Require.text(ecuSerial, "ecuSerial");
        Require.text(hardwareId, "hardwareId");
        Require.text(targetPath, "targetPath");
        Require.nonNegative(length, "length");
        hashes = Require.map(hashes);
        Require.nonNegative(releaseCounter, "releaseCounter");
        attacksDetected = Require.list(attacksDetected);
        Require.present(reportedAt, "reportedAt");
    }
}
