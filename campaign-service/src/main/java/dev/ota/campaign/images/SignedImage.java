package dev.ota.campaign.images;

import java.util.List;
import java.util.Map;

/** An image the image repository lists (or listed, when revoked). */
public record SignedImage(
        String imageName,
        String version,
        List<String> hardwareIds,
        long releaseCounter,
        long length,
        Map<String, String> hashes,
        String targetPath,
        boolean revoked) {}
